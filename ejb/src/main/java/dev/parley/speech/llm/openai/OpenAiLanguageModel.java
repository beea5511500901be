package dev.parley.speech.llm.openai;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.ToolBox;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A language model behind an OpenAI-compatible chat-completions endpoint, streamed through
 * LangChain4j. Tool calls the model asks for run against the {@link ToolBox}, and the reply
 * continues with their results.
 */
public final class OpenAiLanguageModel implements LanguageModel {
    private final OpenAiSettings settings;
    private final ToolBox tools;
    private final OpenAiStreamingChatModel model;

    public OpenAiLanguageModel(OpenAiSettings settings) {
        this(settings, ToolBox.none());
    }

    public OpenAiLanguageModel(OpenAiSettings settings, ToolBox tools) {
        this.settings = settings;
        this.tools = tools;
        Duration timeout = Duration.ofMillis(settings.timeoutMillis());
        this.model = OpenAiStreamingChatModel.builder()
                .baseUrl(settings.baseUrl().toString())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .temperature(settings.temperature().orElse(null))
                .maxTokens(settings.maxTokens())
                .timeout(timeout)
                // Plain HTTP/1.1: local servers (vLLM, Ollama) do not speak h2c.
                .httpClientBuilder(new JdkHttpClientBuilder()
                        .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                        .connectTimeout(timeout)
                        .readTimeout(timeout))
                .build();
    }

    @Override
    public Cancellable reply(List<ChatMessage> history, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Reply reply = new Reply(listener);
        if (history == null || history.isEmpty() || history.get(history.size() - 1).role() != ChatMessage.Role.USER) {
            reply.fail(new SpeechException("nothing to answer: the conversation has no user message at its end"));
            return reply;
        }
        reply.send(toLangChain(history), 0);
        return reply;
    }

    private List<dev.langchain4j.data.message.ChatMessage> toLangChain(List<ChatMessage> history) {
        List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
        if (history.stream().noneMatch(m -> m.role() == ChatMessage.Role.SYSTEM)) {
            messages.add(SystemMessage.from(settings.persona().personalise(settings.persona().instructions())));
        }
        for (ChatMessage message : history) {
            messages.add(switch (message.role()) {
                case SYSTEM -> SystemMessage.from(message.text());
                case USER -> UserMessage.from(message.text());
                case ASSISTANT -> AiMessage.from(message.text());
            });
        }
        return messages;
    }

    /** One reply: possibly several requests when the model calls tools. */
    private final class Reply implements Cancellable {
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean cancelled;

        Reply(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
            ended.set(true);
        }

        void send(List<dev.langchain4j.data.message.ChatMessage> messages, int toolRound) {
            ChatRequest.Builder request = ChatRequest.builder().messages(messages);
            if (!tools.isEmpty() && toolRound < settings.maxToolRounds()) {
                request.toolSpecifications(tools.specifications());
            }
            try {
                model.chat(request.build(), new Handler(messages, toolRound));
            } catch (RuntimeException e) {
                fail(describe(e));
            }
        }

        void fail(SpeechException error) {
            if (ended.compareAndSet(false, true)) {
                listener.onError(error);
            }
        }

        private SpeechException describe(Throwable error) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root == error ? String.valueOf(error.getMessage()) : error.getMessage() + " (" + root + ")";
            return new SpeechException("LLM at " + settings.baseUrl() + " failed: " + detail, error);
        }

        private final class Handler implements StreamingChatResponseHandler {
            private final List<dev.langchain4j.data.message.ChatMessage> messages;
            private final int toolRound;

            Handler(List<dev.langchain4j.data.message.ChatMessage> messages, int toolRound) {
                this.messages = messages;
                this.toolRound = toolRound;
            }

            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                if (cancelled) {
                    context.streamingHandle().cancel(); // closes the HTTP stream
                    return;
                }
                if (!partial.text().isEmpty()) {
                    listener.onToken(partial.text());
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (cancelled) {
                    return;
                }
                AiMessage message = response.aiMessage();
                if (message.hasToolExecutionRequests()) {
                    List<dev.langchain4j.data.message.ChatMessage> next = new ArrayList<>(messages);
                    next.add(message);
                    for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                        next.add(ToolExecutionResultMessage.from(call, tools.execute(call)));
                    }
                    if (!cancelled) {
                        send(next, toolRound + 1);
                    }
                    return;
                }
                if (ended.compareAndSet(false, true)) {
                    listener.onComplete();
                }
            }

            @Override
            public void onError(Throwable error) {
                if (!cancelled) {
                    fail(describe(error));
                }
            }
        }
    }
}
