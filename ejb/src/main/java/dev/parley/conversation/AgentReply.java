package dev.parley.conversation;

import dev.parley.conversation.AgentAudioOutput.AgentAudioChunk;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One generation of the agent's speech: LLM tokens → {@link SpeakableChunker} → synthesiser, one
 * chunk after another, audio queued on the output as soon as it exists. Lives on the session's lane;
 * provider callbacks hop there and are ignored once the reply is cancelled, so no late chunk of a
 * cancelled reply ever reaches the output.
 */
final class AgentReply {

    /** What the engine hears from a reply, always on the lane. */
    interface Events {
        void firstToken(AgentReply reply);

        void firstAudioQueued(AgentReply reply);

        void chunkStartedPlaying(AgentReply reply, String text);

        void firstAudioSent(AgentReply reply, long sentAtNanos);

        void finished(AgentReply reply);

        void failed(AgentReply reply, String provider, SpeechException error);
    }

    final long generation;
    private final Executor lane;
    private final LanguageModel model;
    private final SpeechSynthesizer synthesizer;
    private final AgentAudioOutput output;
    private final Events events;
    private final SpeakableChunker chunker;
    private final WordSkipper skipper;
    private final String alreadyHeard;
    private final PlayedTextTracker played = new PlayedTextTracker();
    private final Deque<String> toSynthesise = new ArrayDeque<>();
    private final StringBuilder fullText = new StringBuilder();

    private Cancellable modelCall;
    private boolean modelDone;
    private Cancellable synthesis;
    private int synthesisChunk = -1;
    private LeadingSilenceTrimmer leadIn;
    private boolean anyToken;
    private boolean anyAudioQueued;
    private boolean anyAudioSent;
    private boolean over;

    /**
     * @param alreadyHeard words the user heard of this reply before an interruption: they are not
     *                     spoken again (a resumed reply), but they count as heard
     */
    AgentReply(long generation, Executor lane, LanguageModel model, SpeechSynthesizer synthesizer,
               AgentAudioOutput output, SpeakableChunker chunker, String alreadyHeard, Events events) {
        this.generation = generation;
        this.lane = lane;
        this.model = model;
        this.synthesizer = synthesizer;
        this.output = output;
        this.chunker = chunker;
        this.alreadyHeard = alreadyHeard == null ? "" : alreadyHeard.strip();
        this.skipper = new WordSkipper(this.alreadyHeard.isEmpty() ? 0 : this.alreadyHeard.split("\\s+").length);
        this.events = events;
    }

    /** Asks the model for a reply to {@code history}. */
    void startFromModel(List<ChatMessage> history) {
        try {
            modelCall = callModel(history);
        } catch (RuntimeException | LinkageError e) {
            lane.execute(() -> fail("language model", ProviderFailures.of(e)));
        }
    }

    private Cancellable callModel(List<ChatMessage> history) {
        return model.reply(history, new LanguageModel.Listener() {
            @Override
            public void onToken(String token) {
                lane.execute(() -> token(token));
            }

            @Override
            public void onComplete() {
                lane.execute(AgentReply.this::modelFinished);
            }

            @Override
            public void onError(SpeechException error) {
                lane.execute(() -> fail("language model", error));
            }
        });
    }

    /** Speaks a known text (an idle prompt, or the rest of an interrupted reply the model had finished). */
    void startFromText(String text) {
        token(text);
        modelFinished();
    }

    private void token(String token) {
        if (over) {
            return;
        }
        if (!anyToken) {
            anyToken = true;
            events.firstToken(this);
        }
        fullText.append(token);
        toSynthesise.addAll(chunker.accept(skipper.accept(token)));
        synthesiseNext();
    }

    private void modelFinished() {
        if (over) {
            return;
        }
        modelDone = true;
        modelCall = null;
        toSynthesise.addAll(chunker.accept(skipper.finish()));
        toSynthesise.addAll(chunker.finish());
        synthesiseNext();
        finishIfDone();
    }

    private void synthesiseNext() {
        if (synthesis != null || toSynthesise.isEmpty() || over) {
            return;
        }
        String text = toSynthesise.removeFirst();
        int chunk = played.addChunk(text);
        synthesisChunk = chunk;
        leadIn = new LeadingSilenceTrimmer();
        try {
            synthesis = callSynthesizer(chunk, text);
        } catch (RuntimeException | LinkageError e) {
            lane.execute(() -> fail("speech synthesizer", ProviderFailures.of(e)));
        }
    }

    private Cancellable callSynthesizer(int chunk, String text) {
        return synthesizer.synthesize(text, new SpeechSynthesizer.Listener() {
            @Override
            public void onAudio(short[] pcm) {
                lane.execute(() -> audio(chunk, pcm));
            }

            @Override
            public void onComplete() {
                lane.execute(() -> chunkSynthesised(chunk));
            }

            @Override
            public void onError(SpeechException error) {
                lane.execute(() -> fail("speech synthesizer", error));
            }
        });
    }

    private void audio(int chunk, short[] pcm) {
        if (over || chunk != synthesisChunk || pcm.length == 0) {
            return;
        }
        enqueue(chunk, leadIn.accept(pcm));
    }

    private void enqueue(int chunk, short[] pcm) {
        if (pcm.length == 0) {
            return;
        }
        played.addAudio(chunk, pcm.length);
        output.enqueue(new AgentAudioChunk(generation, chunk, pcm));
        if (!anyAudioQueued) {
            anyAudioQueued = true;
            events.firstAudioQueued(this);
        }
    }

    private void chunkSynthesised(int chunk) {
        if (over || chunk != synthesisChunk) {
            return;
        }
        enqueue(chunk, leadIn.finish());
        played.chunkSynthesised(chunk);
        synthesis = null;
        synthesiseNext();
        finishIfDone();
    }

    /** The output sent {@code samples} more samples of this reply. */
    void played(int chunk, int samples, long sentAtNanos) {
        if (over) {
            return;
        }
        if (!anyAudioSent) {
            anyAudioSent = true;
            events.firstAudioSent(this, sentAtNanos);
        }
        for (String text : played.played(samples)) {
            events.chunkStartedPlaying(this, text);
        }
        finishIfDone();
    }

    private void finishIfDone() {
        if (!over && modelDone && synthesis == null && toSynthesise.isEmpty() && played.allQueuedAudioPlayed()) {
            over = true;
            events.finished(this);
        }
    }

    private void fail(String provider, SpeechException error) {
        if (over) {
            return;
        }
        cancel();
        events.failed(this, provider, error);
    }

    /** Stops model and synthesis work; nothing of this reply is queued on the output afterwards. */
    void cancel() {
        over = true;
        if (modelCall != null) {
            modelCall.cancel();
            modelCall = null;
        }
        if (synthesis != null) {
            synthesis.cancel();
            synthesis = null;
        }
        toSynthesise.clear();
    }

    /** Everything the user heard of this reply, including words heard before a resumption. */
    String heardText() {
        return (alreadyHeard + " " + played.heardText()).strip();
    }

    /** The whole text the model produced so far (for a resumed reply: including the words already heard). */
    String fullText() {
        return fullText.toString().strip();
    }

    boolean modelComplete() {
        return modelDone;
    }

    boolean audioQueued() {
        return anyAudioQueued;
    }
}
