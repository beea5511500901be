package dev.parley.conversation;

import dev.parley.conversation.ConversationEvent.AgentInterrupted;
import dev.parley.conversation.ConversationEvent.FinalTranscript;
import dev.parley.conversation.ConversationEvent.TurnCompleted;
import dev.parley.conversation.ConversationEvent.UserSpeechStarted;
import dev.parley.conversation.ConversationEvent.UserSpeechStopped;
import dev.parley.conversation.rig.Audio;
import dev.parley.conversation.rig.ConversationRig;
import dev.parley.conversation.rig.ScriptedProviders;
import dev.parley.conversation.rig.TrackedThreads;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.stt.RecognizerChecks;
import dev.parley.speech.stt.hybrid.HybridRecognizer;
import dev.parley.speech.stt.hybrid.HybridSettings;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.vosk.VoskSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endpointing through the default speech stack as deployed (Silero VAD, the vosk+moonshine
 * recognizer with the knowledge file's hints, flite) on a virtual clock: flite speaks the user's
 * sentences, so the VAD's edges and the recogniser's words are real; the language model is scripted.
 * The recogniser's threads are waited for at every step, so its lag is not part of this; the
 * scripted lag of {@code TurnTakingTest} covers that.
 */
class PausedSentenceTest {

    private static final String ANSWER = "I speak with the flite synthesiser.";

    private static SileroVoiceActivityDetector vad;
    private static HybridRecognizer recognizer;
    private static FliteSynthesizer synthesizer;
    private static final TrackedThreads RECOGNIZER_THREADS = new TrackedThreads("test-stt-hybrid");

    private final ConversationSettings settings = ConversationSettings.defaults();

    @BeforeAll
    static void loadProviders() {
        vad = new SileroVoiceActivityDetector(SileroSettings.defaults());
        recognizer = new HybridRecognizer(HybridSettings.defaults(), VoskSettings.defaults(), MoonshineSettings.defaults(),
                RecognizerChecks.knowledgeHints(), RECOGNIZER_THREADS);
        synthesizer = new FliteSynthesizer(FliteSettings.defaults());
    }

    @AfterAll
    static void releaseProviders() {
        if (synthesizer != null) {
            synthesizer.close();
        }
        if (recognizer != null) {
            recognizer.close();
        }
        if (vad != null) {
            vad.close();
        }
    }

    private ConversationRig rig() {
        ConversationProviders providers = new ConversationProviders(vad, recognizer,
                new ScriptedProviders(150, 50).agentAnswers(h -> ANSWER).languageModel(), synthesizer);
        return new ConversationRig(settings, providers, RECOGNIZER_THREADS::allParked);
    }

    private static short[] spoken(String text) {
        return Audio.trim(Audio.flite(text), 300); // flite pads its speech with silence; the pause is what the test says
    }

    private static boolean answered(ConversationRig rig) {
        return !rig.events(TurnCompleted.class).isEmpty() && rig.engine.state() == ConversationState.LISTENING;
    }

    /** The pause as the VAD saw it: from the end of the first half's last voiced frame to the onset of the second half. */
    private static long pauseSeenMillis(ConversationRig rig) {
        List<UserSpeechStopped> stops = rig.events(UserSpeechStopped.class);
        List<UserSpeechStarted> starts = rig.events(UserSpeechStarted.class);
        assertTrue(stops.size() >= 2 && starts.size() >= 2, "the VAD should hear two halves: " + stops + " " + starts);
        return (starts.get(1).onsetNanos() - stops.get(0).lastVoiceNanos()) / 1_000_000L;
    }

    /**
     * Browser benchmark, 2026-12-05: "can you tell me", 1.2 s, "what voice do you use" was answered
     * twice (the first half as a question of its own), and the agent was heard over the second half.
     */
    @Test
    void canYouTellMeThenAPauseOfOnePointTwoSecondsThenTheQuestionGetsOneAnswerToTheWhole() {
        assertOneAnswerToTheWhole("can you tell me", 1200, "what voice do you use", "voice");
    }

    /** The browser test's paused sentence (VoiceConversationOnPayaraServerIT). */
    @Test
    void iWouldLikeToKnowThenAPauseOfOneSecondThenTheQuestionGetsOneAnswerToTheWhole() {
        assertOneAnswerToTheWhole("i would like to know", 1000, "how does it work", "work");
    }

    private void assertOneAnswerToTheWhole(String first, long pauseMillis, String second, String secondWord) {
        try (ConversationRig rig = rig()) {
            rig.silence(300);
            rig.say(spoken(first));
            rig.silence(pauseMillis);
            assertTrue(rig.output.sent().isEmpty(), "the agent spoke in the user's pause");
            rig.say(spoken(second));
            rig.silenceUntil(() -> answered(rig), 30_000);

            System.out.printf("'%s' %d ms '%s': pause seen by the VAD %d ms; finals %s%n", first, pauseMillis, second,
                    pauseSeenMillis(rig), rig.events(FinalTranscript.class).stream().map(FinalTranscript::text).toList());
            List<FinalTranscript> finals = rig.events(FinalTranscript.class);
            assertEquals(1, finals.size(), "one final for the whole sentence: " + finals);
            assertTrue(finals.get(0).text().contains(secondWord), finals.get(0).text());
            assertTrue(rig.events(AgentInterrupted.class).isEmpty(), "an answer was started and withdrawn");
            assertEquals(List.of(ChatMessage.user(finals.get(0).text()), ChatMessage.assistant(ANSWER)), rig.engine.history());
        }
    }

    /** Words that cover the speech and make a complete question earn the short silence, through the real recogniser too. */
    @Test
    void aCompleteQuestionEndsItsTurnAfterTheShortSilence() {
        try (ConversationRig rig = rig()) {
            rig.silence(300);
            rig.say(spoken("what is parley"));
            rig.silenceUntil(() -> answered(rig), 30_000);

            TurnCompleted turn = rig.events(TurnCompleted.class).get(0);
            long endpointing = turn.metrics().endpointingMillis();
            System.out.printf("'what is parley': endpoint %d ms after the speech, final '%s'%n", endpointing,
                    rig.events(FinalTranscript.class).get(0).text());
            assertTrue(endpointing < settings.endpointingSilenceMillis(),
                    "a complete question waited " + endpointing + " ms: the short silence is " + settings.completeUtteranceSilenceMillis());
        }
    }
}
