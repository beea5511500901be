package dev.parley.conversation;

import dev.parley.conversation.ConversationEvent.AgentInterrupted;
import dev.parley.conversation.ConversationEvent.AgentResumed;
import dev.parley.conversation.ConversationEvent.AgentText;
import dev.parley.conversation.ConversationEvent.FinalTranscript;
import dev.parley.conversation.ConversationEvent.SessionEnded;
import dev.parley.conversation.ConversationEvent.StateChanged;
import dev.parley.conversation.ConversationEvent.TurnCompleted;
import dev.parley.conversation.ConversationEvent.UserSpeechStarted;
import dev.parley.conversation.rig.Audio;
import dev.parley.conversation.rig.ConversationRig;
import dev.parley.conversation.rig.EmbeddedSpeech;
import dev.parley.conversation.rig.PacedOutput.SentFrame;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.llm.Persona;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.parley.conversation.rig.Audio.TESTDATA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The turn-taking behaviours through the real embedded providers (Silero VAD, pocketsphinx,
 * the retrieval language model, flite) with real recordings from pocketsphinx-testdata and flite
 * speech, on a virtual clock: provider compute takes no virtual time, so the decisions and the
 * timestamps are reproducible.
 */
class EmbeddedConversationTest {

    /** About twelve seconds of flite speech: room to interrupt at its start, middle and end. */
    private static final String ANSWER = "The museum opens at nine in the morning, and it closes at six in the evening "
            + "from Monday to Saturday. On Sundays it opens at ten and closes at four. Tickets cost twelve euros, "
            + "and children under twelve go in for free.";

    private static EmbeddedSpeech speech;
    private static RetrievalLanguageModel model;
    private static short[] question;
    private final ConversationSettings settings = ConversationSettings.defaults();

    @BeforeAll
    static void loadProviders(@TempDir Path dir) throws Exception {
        Path knowledge = dir.resolve("museum.txt");
        // One entry and no relevance threshold: whatever the recogniser hears, this is the answer.
        Files.writeString(knowledge, "? when does the museum open | go forward ten meters\n" + ANSWER + "\n");
        model = new RetrievalLanguageModel(new RetrievalSettings(Optional.of(knowledge), 0.0, 0, Persona.defaults()));
        speech = new EmbeddedSpeech();
        question = Audio.raw(TESTDATA.resolve("goforward.raw"));
    }

    @AfterAll
    static void releaseProviders() {
        if (speech != null) {
            speech.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private ConversationRig rig(ConversationSettings s) {
        return new ConversationRig(s, speech.with(model), speech::recognizerCaughtUp);
    }

    private static boolean listeningAfter(ConversationRig rig, int turns) {
        return rig.events(TurnCompleted.class).size() >= turns && rig.engine.state() == ConversationState.LISTENING;
    }

    private static List<SentFrame> framesOf(ConversationRig rig, long generation) {
        return rig.output.sent().stream().filter(f -> f.generation() == generation).toList();
    }

    @Test
    void aSpokenQuestionIsAnsweredWithConsistentMetrics() {
        try (ConversationRig rig = rig(settings)) {
            rig.silence(300);
            rig.say(question);
            rig.silenceUntil(() -> listeningAfter(rig, 1), 30_000);

            assertEquals("go forward ten meters", rig.events(FinalTranscript.class).get(0).text());
            TurnMetrics m = rig.events(TurnCompleted.class).get(0).metrics();
            assertFalse(m.interrupted());
            assertTrue(m.userSpeechEndNanos() <= m.endpointNanos() && m.endpointNanos() <= m.sttFinalNanos() && m.sttFinalNanos() <= m.llmFirstTokenNanos()
                    && m.llmFirstTokenNanos() <= m.firstTtsAudioNanos() && m.firstTtsAudioNanos() <= m.firstAudioOutNanos(), m.toString());
            List<ConversationEvent.PartialTranscript> partials = rig.events(ConversationEvent.PartialTranscript.class);
            long silence = new EndpointingPolicy(settings.completeUtteranceSilenceMillis(), settings.endpointingSilenceMillis(),
                    settings.unfinishedUtteranceSilenceMillis()).requiredSilenceMillis(partials.get(partials.size() - 1).text());
            assertEquals(silence, m.endpointingMillis(), 40);
            long latency = m.responseLatencyMillis();
            assertTrue(latency >= silence && latency <= silence + 60,
                    "response latency " + latency + " ms: the endpointing silence plus at most a few frames on a virtual clock");
            assertEquals(List.of(ChatMessage.user("go forward ten meters"), ChatMessage.assistant(ANSWER)), rig.engine.history());
            String spoken = String.join(" ", rig.events(AgentText.class).stream().map(AgentText::text).toList());
            assertEquals(ANSWER, spoken);
            long played = rig.output.sent().size();
            assertTrue(played * 20 > 8_000, "the answer should take seconds to say, took " + played * 20 + " ms");
        }
    }

    @Test
    void aPauseShorterThanTheEndpointSilenceDoesNotCutTheUserOff() {
        short[] first = Audio.trim(Audio.wav(TESTDATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-0880.wav")), 300);
        short[] second = Audio.trim(Audio.wav(TESTDATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-0930.wav")), 300);
        try (ConversationRig rig = rig(settings)) {
            rig.silence(300);
            rig.say(Audio.concat(first, Audio.silence(settings.endpointingSilenceMillis() - 200), second));
            long spokeUntil = rig.nowMillis();
            rig.silenceUntil(() -> rig.engine.state() != ConversationState.LISTENING, 10_000);

            assertTrue(rig.events(ConversationEvent.UserSpeechStopped.class).size() >= 2, "the VAD should hear the pause");
            assertEquals(1, rig.events(FinalTranscript.class).size(), "one turn, not two");
            String said = rig.engine.history().get(0).text();
            assertTrue(said.contains("young man") && said.contains("he might even have been made"), said);
            assertTrue(rig.nowMillis() - spokeUntil >= settings.endpointingSilenceMillis() - 200);
        }
    }

    /**
     * Asks the question, lets the answer play for {@code afterMillis}, then plays a real person
     * saying "he was not an ill disposed young man" over it.
     */
    private ConversationRig interruptedAfter(long afterMillis) {
        ConversationRig rig = rig(settings);
        rig.say(question);
        rig.silenceUntil(() -> !rig.output.sent().isEmpty(), 10_000);
        rig.silence(afterMillis);
        rig.say(Audio.wav(TESTDATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-0880.wav")));
        rig.silenceUntil(() -> listeningAfter(rig, 2), 30_000);
        return rig;
    }

    @ParameterizedTest(name = "barge-in {0} ms into the answer")
    @ValueSource(longs = {1_200, 5_000, 10_000}) // from the endpoint's continuation grace (1 s) on
    void bargeInStopsTheAgentWithinOneFrameAndTheHistoryKeepsOnlyTheWordsPlayed(long afterMillis) {
        try (ConversationRig rig = interruptedAfter(afterMillis)) {
            AgentInterrupted cut = rig.events(AgentInterrupted.class).get(0);
            ConversationEvent.AgentPaused paused = rig.events(ConversationEvent.AgentPaused.class).get(0);
            List<SentFrame> old = framesOf(rig, cut.generation());
            long lastOld = old.get(old.size() - 1).atNanos();
            assertTrue(lastOld < paused.atNanos(), "a frame of the cut answer was sent after the pause");
            assertTrue(paused.atNanos() - lastOld <= 20_000_000L, "the answer was not playing right up to the pause");
            assertTrue(rig.output.enqueued().stream().noneMatch(c -> c.generation() == cut.generation() && c.atNanos() >= cut.atNanos()),
                    "a chunk of the cut reply reached the output after the barge-in");
            assertTrue(rig.events(AgentText.class).stream().noneMatch(t -> t.generation() == cut.generation() && t.atNanos() >= cut.atNanos()),
                    "text of the cut reply was announced after the barge-in");
            assertTrue(rig.output.sent().stream().noneMatch(f -> f.generation() == cut.generation() && f.atNanos() >= cut.atNanos()));

            TurnMetrics m = rig.events(TurnCompleted.class).get(0).metrics();
            assertTrue(m.interrupted());
            assertTrue(m.framesDroppedOnFlush() > 0);
            long reaction = m.bargeInReactionMillis();
            assertTrue(reaction <= settings.vadMinSpeechMillis() + 60, "the agent's audio stopped " + reaction + " ms after the user started");

            String heard = cut.heardText();
            assertTrue(ANSWER.startsWith(heard) && heard.length() < ANSWER.length(), heard);
            double playedShare = old.size() / (double) (old.size() + m.framesDroppedOnFlush());
            double heardShare = heard.length() / (double) ANSWER.length();
            assertEquals(playedShare, heardShare, 0.1, "heard '" + heard + "' after " + old.size() + " of "
                    + (old.size() + m.framesDroppedOnFlush()) + " frames");

            List<ChatMessage> history = rig.engine.history();
            assertEquals(ChatMessage.user("go forward ten meters"), history.get(0));
            int next = 1;
            if (!heard.isEmpty()) {
                assertEquals(ChatMessage.assistant(heard), history.get(next++));
            }
            assertEquals(ChatMessage.Role.USER, history.get(next).role());
            assertTrue(history.get(next).text().contains("young man"), history.get(next).text());
        }
    }

    @Test
    void aGruntDuringTheAnswerPausesItAndTheAnswerResumesAtTheSameSample() {
        try (ConversationRig rig = rig(settings)) {
            rig.say(question);
            rig.silenceUntil(() -> rig.output.sent().size() > 150, 10_000);
            rig.say(Audio.grunt(7));
            rig.silenceUntil(() -> listeningAfter(rig, 1), 40_000);

            assertTrue(rig.events(AgentInterrupted.class).isEmpty());
            ConversationEvent.AgentPaused paused = rig.events(ConversationEvent.AgentPaused.class).get(0);
            AgentResumed resumed = rig.events(AgentResumed.class).get(0);
            assertEquals(paused.generation(), resumed.generation());
            assertTrue(resumed.wordsAlreadyHeard() > 0);
            TurnTakingTest.assertSentExactlyWhatWasQueued(rig, paused.generation());
            assertEquals(ANSWER, String.join(" ", rig.events(AgentText.class).stream().map(AgentText::text).toList()));
            assertEquals(List.of(ChatMessage.user("go forward ten meters"), ChatMessage.assistant(ANSWER)), rig.engine.history());
        }
    }

    /**
     * Pause at speech onset, decide after, through the real Silero: "stop please" over the agent,
     * at four alignments of the VAD's 32 ms frames, holds it before the VAD confirms speech, and
     * nothing of the answer goes out from the hold on. Its hiss alone is not speech: it leaves the
     * answer whole. (Measured 12-05: Silero, having heard the question, scores the "s" of "stop"
     * about 0, so the hold starts at the vowel; without that context it scores it 0.1-0.5.)
     */
    @Test
    void stopPleaseHoldsTheAgentBeforeTheVadConfirmsSpeechAndItsHissAloneLeavesTheAnswerWhole() {
        short[] stopPlease = Audio.flite("stop please");
        int hissStart = firstLoudSample(stopPlease);
        short[] hissAlone = java.util.Arrays.copyOf(stopPlease, hissStart + 110 * Audio.RATE / 1000);
        List<String> seen = new java.util.ArrayList<>();
        for (int shift = 0; shift < 512; shift += 128) {
            try (ConversationRig rig = rig(settings)) {
                long soundAt = playOverTheAnswer(rig, Audio.concat(new short[shift], stopPlease)) + (shift + hissStart) * 1000L / Audio.RATE;
                rig.silenceUntil(() -> listeningAfter(rig, 2), 30_000);
                long confirmed = rig.events(UserSpeechStarted.class).get(1).atNanos();
                ConversationEvent.AgentPaused held = rig.events(ConversationEvent.AgentPaused.class).get(0);
                long gained = (confirmed - held.atNanos()) / 1_000_000L;
                seen.add("+" + shift + ": held " + (held.atNanos() / 1_000_000L - soundAt) + " ms after the hiss began, " + gained
                        + " ms before the VAD confirmed speech");
                assertTrue(gained >= 20, "held only " + gained + " ms before the VAD confirmed speech: " + seen);
                assertTrue(rig.output.sent().stream().noneMatch(f -> f.generation() == held.generation() && f.atNanos() > held.atNanos()
                        && f.atNanos() < confirmed), "the agent went on between the hold and the confirmation");
            }
            try (ConversationRig rig = rig(settings)) {
                playOverTheAnswer(rig, Audio.concat(new short[shift], hissAlone));
                rig.silenceUntil(() -> listeningAfter(rig, 1), 30_000);
                assertEquals(1, rig.events(UserSpeechStarted.class).size(), "the hiss alone is not speech");
                assertTrue(rig.events(AgentInterrupted.class).isEmpty());
                List<ConversationEvent.AgentPaused> held = rig.events(ConversationEvent.AgentPaused.class);
                if (!held.isEmpty()) {
                    assertEquals(1, rig.events(AgentResumed.class).size(), "held, then resumed");
                }
                TurnTakingTest.assertSentExactlyWhatWasQueued(rig, rig.output.sent().get(0).generation());
                assertEquals(List.of(ChatMessage.user("go forward ten meters"), ChatMessage.assistant(ANSWER)), rig.engine.history());
            }
        }
        System.out.println("hold at the onset of 'stop please': " + seen);
    }

    /**
     * Silero primed by the question scores the "sh" of "shut up" near zero for 150 ms and more; the
     * engine gives it a fresh state when the agent starts answering, so the hold comes as soon as it
     * would at the start of a call (fresh: 53 to 93 ms after the sound began; primed: 157 to 181 ms).
     */
    @Test
    void shutUpOverTheAnswerIsHeldAsSoonAsAtTheStartOfACallNotLateForTheQuestionHeardBefore() {
        short[] shutUp = Audio.flite("shut up");
        int soundStart = firstLoudSample(shutUp);
        List<Long> heldAfter = new java.util.ArrayList<>();
        for (int shift = 0; shift < 512; shift += 128) {
            try (ConversationRig rig = rig(settings)) {
                long soundAt = playOverTheAnswer(rig, Audio.concat(new short[shift], shutUp)) + (shift + soundStart) * 1000L / Audio.RATE;
                rig.silenceUntil(() -> !rig.events(ConversationEvent.AgentPaused.class).isEmpty(), 5_000);
                heldAfter.add(rig.events(ConversationEvent.AgentPaused.class).get(0).atNanos() / 1_000_000L - soundAt);
            }
        }
        System.out.println("hold at the onset of 'shut up', ms after the sound began: " + heldAfter);
        assertTrue(heldAfter.stream().allMatch(ms -> ms <= 130), "held late: " + heldAfter);
    }

    /** Asks the question, lets the answer play 1.5 s, then plays {@code pcm}; returns the virtual ms it began. */
    private long playOverTheAnswer(ConversationRig rig, short[] pcm) {
        rig.say(question);
        rig.silenceUntil(() -> !rig.output.sent().isEmpty(), 10_000);
        rig.silence(1_500);
        long at = rig.nowMillis();
        rig.say(pcm);
        return at;
    }

    private static int firstLoudSample(short[] pcm) {
        for (int i = 0; i + 160 <= pcm.length; i += 160) {
            double sum = 0;
            for (int j = i; j < i + 160; j++) {
                sum += (double) pcm[j] * pcm[j];
            }
            if (Math.sqrt(sum / 160) > 300) {
                return i;
            }
        }
        throw new IllegalArgumentException("no sound");
    }

    @Test
    void uhHuhDuringTheAnswerDoesNotInterruptIt() {
        try (ConversationRig rig = rig(settings)) {
            rig.say(question);
            rig.silenceUntil(() -> rig.output.sent().size() > 150, 10_000);
            rig.say(Audio.flite("uh-huh"));
            rig.silenceUntil(() -> listeningAfter(rig, 1), 30_000);

            assertEquals(2, rig.events(UserSpeechStarted.class).size(), "the VAD should hear the uh-huh");
            assertTrue(rig.events(AgentInterrupted.class).isEmpty());
            assertEquals(0, rig.output.flushes());
            assertEquals(List.of(ChatMessage.user("go forward ten meters"), ChatMessage.assistant(ANSWER)), rig.engine.history());
        }
    }

    @Test
    void aSilentUserIsPromptedAndThenTheSessionEnds() {
        try (ConversationRig rig = rig(settings)) {
            rig.silenceUntil(() -> !rig.events(SessionEnded.class).isEmpty(), 3 * settings.idleTimeoutMillis());

            assertEquals(List.of(settings.idlePrompt()), rig.events(AgentText.class).stream().map(AgentText::text).toList());
            assertTrue(rig.output.sent().size() * 20 > 500, "the prompt should be heard");
            assertEquals(SessionEndCause.IDLE_TIMEOUT, rig.events(SessionEnded.class).get(0).cause());
            assertEquals(0, rig.watch.openHandles(), rig.watch.describeOpen());
            assertEquals(0, rig.clock.pendingTimers());
        }
    }

    @Test
    void closingTheSessionWhileSynthesisingReleasesEverything() {
        try (ConversationRig rig = rig(settings)) {
            rig.onEvent(e -> {
                if (e instanceof StateChanged s && s.to() == ConversationState.SPEAKING) {
                    rig.engine.close();
                }
            });
            rig.say(question);
            rig.silence(2_000);

            assertEquals(SessionEndCause.HANG_UP, rig.events(SessionEnded.class).get(0).cause());
            assertTrue(rig.watch.cancels() > 0, "the work in flight was not cancelled");
            assertEquals(0, rig.watch.openHandles(), rig.watch.describeOpen());
            assertEquals(0, rig.clock.pendingTimers());
            assertTrue(rig.output.sent().isEmpty(), "audio was sent after the session closed");
        }
    }
}
