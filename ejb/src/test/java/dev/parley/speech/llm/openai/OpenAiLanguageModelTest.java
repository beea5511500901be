package dev.parley.speech.llm.openai;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.llm.AgentTools;
import dev.parley.speech.llm.Persona;
import dev.parley.speech.llm.ToolBox;
import dev.parley.speech.testing.Collector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LangChain4j OpenAI-compatible adapter against a local server speaking the streaming format. */
class OpenAiLanguageModelTest {
    private static OpenAiSettings settings(URI baseUrl) {
        return new OpenAiSettings(baseUrl, "test-model", "test-key", Optional.empty(), 128, 5_000, 2, Persona.defaults());
    }

    private static final List<ChatMessage> QUESTION = List.of(ChatMessage.user("When do you open?"));

    @Test
    void streamsTheTokensAndSendsPersonaModelAndKey() throws IOException {
        try (FakeChatCompletionsServer server = new FakeChatCompletionsServer((n, stream) -> {
            for (String token : List.of("We", " open", " at", " nine.")) {
                stream.content(token);
            }
            stream.finish("stop");
        })) {
            Collector.Tokens tokens = new Collector.Tokens();
            new OpenAiLanguageModel(settings(server.baseUrl())).reply(QUESTION, tokens);
            tokens.awaitEnd();
            assertNull(tokens.error);
            assertTrue(tokens.completed);
            assertEquals(List.of("We", " open", " at", " nine."), tokens.tokens);
            String body = server.requestBodies.get(0);
            assertTrue(body.matches("(?s).*\"stream\"\\s*:\\s*true.*"), body);
            assertTrue(body.matches("(?s).*\"model\"\\s*:\\s*\"test-model\".*"), body);
            assertTrue(body.contains("You are Parley"), body);
            assertTrue(body.contains("When do you open?"), body);
            assertEquals("Bearer test-key", server.authorizations.get(0));
        }
    }

    @Test
    void aConnectionDroppedMidStreamIsAnErrorAfterTheTokensSoFar() throws IOException {
        // The drop waits until the client has handed both tokens on: closing the socket earlier
        // races the client's reader, which may see the reset before the buffered chunks.
        CountDownLatch delivered = new CountDownLatch(2);
        try (FakeChatCompletionsServer server = new FakeChatCompletionsServer((n, stream) -> {
            stream.content("We");
            stream.content(" open");
            try {
                delivered.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new FakeChatCompletionsServer.DropConnection();
        })) {
            Collector.Tokens tokens = new Collector.Tokens() {
                @Override
                public void onToken(String token) {
                    super.onToken(token);
                    delivered.countDown();
                }
            };
            new OpenAiLanguageModel(settings(server.baseUrl())).reply(QUESTION, tokens);
            tokens.awaitEnd();
            assertEquals(List.of("We", " open"), tokens.tokens);
            assertFalse(tokens.completed);
            assertNotNull(tokens.error);
            assertTrue(tokens.error.getMessage().startsWith("LLM at " + server.baseUrl() + " failed"), tokens.error.getMessage());
        }
    }

    @Test
    void cancellingStopsTheTokensPromptly() throws IOException {
        try (FakeChatCompletionsServer server = new FakeChatCompletionsServer((n, stream) -> {
            try {
                for (int i = 0; i < 100; i++) {
                    stream.content(" word" + i);
                    Thread.sleep(10);
                }
                stream.finish("stop");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            AtomicInteger afterCancel = new AtomicInteger();
            AtomicReference<Cancellable> reply = new AtomicReference<>();
            Collector.Tokens tokens = new Collector.Tokens() {
                private volatile boolean cancelled;

                @Override
                public void onToken(String token) {
                    super.onToken(token);
                    if (cancelled) {
                        afterCancel.incrementAndGet();
                    } else if (this.tokens.size() == 3) {
                        cancelled = true;
                        while (reply.get() == null) {
                            Thread.onSpinWait();
                        }
                        reply.get().cancel();
                    }
                }
            };
            reply.set(new OpenAiLanguageModel(settings(server.baseUrl())).reply(QUESTION, tokens));
            // The server keeps streaming for about a second; nothing more may reach the listener.
            long until = System.nanoTime() + 1_500_000_000L;
            while (System.nanoTime() < until && !tokens.ended()) {
                Thread.onSpinWait();
            }
            System.out.println("openai tokens after cancel: " + afterCancel.get());
            assertTrue(afterCancel.get() <= 1, afterCancel.get() + " tokens after cancel");
            assertFalse(tokens.ended(), "a cancelled reply reports neither completion nor error");
        }
    }

    @Test
    void callsAnAgentToolAndAnswersWithItsResult() throws IOException {
        List<String> calls = new CopyOnWriteArrayList<>();
        AgentTools hours = new AgentTools() {
            @Tool("Opening hours of the shop on a weekday")
            public String openingHours(@P(name = "weekday", value = "the weekday, e.g. Monday") String weekday) {
                calls.add(weekday);
                return "nine to six";
            }
        };
        try (FakeChatCompletionsServer server = new FakeChatCompletionsServer((n, stream) -> {
            if (n == 0) {
                stream.toolCall("call_1", "openingHours", "{\"weekday\":\"Monday\"}");
                stream.finish("tool_calls");
            } else {
                stream.content("From nine to six.");
                stream.finish("stop");
            }
        })) {
            Collector.Tokens tokens = new Collector.Tokens();
            new OpenAiLanguageModel(settings(server.baseUrl()), new ToolBox(List.of(hours))).reply(QUESTION, tokens);
            tokens.awaitEnd();
            assertNull(tokens.error);
            assertEquals("From nine to six.", tokens.text());
            assertEquals(List.of("Monday"), calls);
            assertTrue(server.requestBodies.get(0).matches("(?s).*\"name\"\\s*:\\s*\"openingHours\".*"), server.requestBodies.get(0));
            String second = server.requestBodies.get(1);
            assertTrue(second.matches("(?s).*\"role\"\\s*:\\s*\"tool\".*") && second.contains("nine to six"), second);
        }
    }

    @Test
    void anUnreachableServerIsAClearErrorNotAHang() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/v1");
        Collector.Tokens tokens = new Collector.Tokens();
        new OpenAiLanguageModel(settings(url)).reply(QUESTION, tokens);
        tokens.awaitEnd();
        assertNotNull(tokens.error);
        assertTrue(tokens.error.getMessage().startsWith("LLM at " + url + " failed"), tokens.error.getMessage());
        assertTrue(tokens.error.getMessage().contains("Connect"), tokens.error.getMessage());
    }

    @Test
    void aConversationWithoutAUserTurnIsAnError() {
        Collector.Tokens tokens = new Collector.Tokens();
        new OpenAiLanguageModel(settings(URI.create("http://127.0.0.1:9/v1"))).reply(List.of(), tokens);
        tokens.awaitEnd();
        assertNotNull(tokens.error);
        assertTrue(tokens.error.getMessage().contains("no user message"), tokens.error.getMessage());
    }
}
