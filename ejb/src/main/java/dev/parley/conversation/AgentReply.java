package dev.parley.conversation;

import dev.parley.conversation.AgentAudioOutput.AgentAudioChunk;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
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
    /** An answer the model gives to the user's turn (not a said text or the idle prompt). */
    final boolean answersUser;
    private final Executor lane;
    private final LanguageModel model;
    private final SpeechSynthesizer synthesizer;
    private final AgentAudioOutput output;
    private final Events events;
    private final SpeakableChunker chunker;
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
    private boolean held;
    private final List<AgentAudioChunk> heldAudio = new ArrayList<>();

    AgentReply(long generation, Executor lane, LanguageModel model, SpeechSynthesizer synthesizer,
               AgentAudioOutput output, SpeakableChunker chunker, boolean answersUser, Events events) {
        this.generation = generation;
        this.lane = lane;
        this.model = model;
        this.synthesizer = synthesizer;
        this.output = output;
        this.chunker = chunker;
        this.answersUser = answersUser;
        this.events = events;
    }

    /**
     * Makes this a preemptive reply: it is prepared (model, first chunk's audio) but nothing reaches
     * the output and the engine hears nothing until {@link #release()}. Call before starting.
     */
    void hold() {
        held = true;
    }

    /** Lets a held reply be heard: its prepared audio is queued and it goes on like any reply. */
    void release() {
        if (!held || over) {
            return;
        }
        held = false;
        if (anyToken) {
            events.firstToken(this);
        }
        for (AgentAudioChunk chunk : heldAudio) {
            queue(chunk);
        }
        heldAudio.clear();
        synthesiseNext();
        finishIfDone();
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

    /** Speaks a known text (a said text, the idle prompt). */
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
            if (!held) {
                events.firstToken(this);
            }
        }
        fullText.append(token);
        toSynthesise.addAll(chunker.accept(token));
        synthesiseNext();
    }

    private void modelFinished() {
        if (over) {
            return;
        }
        modelDone = true;
        modelCall = null;
        toSynthesise.addAll(chunker.finish());
        synthesiseNext();
        finishIfDone();
    }

    private void synthesiseNext() {
        if (synthesis != null || toSynthesise.isEmpty() || over || (held && synthesisChunk >= 0)) {
            return; // a held reply prepares its first chunk only: the rest may never be wanted
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
        AgentAudioChunk tagged = new AgentAudioChunk(generation, chunk, pcm);
        if (held) {
            heldAudio.add(tagged);
        } else {
            queue(tagged);
        }
    }

    private void queue(AgentAudioChunk tagged) {
        output.enqueue(tagged);
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
        if (!over && !held && modelDone && synthesis == null && toSynthesise.isEmpty() && played.allQueuedAudioPlayed()) {
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
        heldAudio.clear();
    }

    /** Everything the user heard of this reply. */
    String heardText() {
        return played.heardText();
    }

    /** The whole text the model produced so far. */
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
