package dev.parley.speech.llm.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.parley.speech.Cancellable;
import dev.parley.speech.ChatMessage;
import dev.parley.speech.LanguageModel;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The offline language model: it finds the knowledge entry closest in meaning to the user's
 * last message (all-MiniLM-L6-v2 embeddings, see {@link MiniLmEmbeddingModel}) and streams
 * that answer token by token, or the persona's fallback when nothing is close enough.
 */
public final class RetrievalLanguageModel implements LanguageModel, AutoCloseable {
    /**
     * How far below the least relevance an entry may be and still be answered, when a word of the
     * user's that only that entry's questions use names it. Measured with MiniLM: "caine i
     * interrupt you" (misheard "can I interrupt you") scores 0.771 against its entry; unrelated
     * questions score 0.47-0.65 against every entry.
     */
    static final double DISTINCTIVE_WORD_MARGIN = 0.06;
    /**
     * The least relevance of a question in which a word was replaced by one of the file's that
     * only sounds like it. The replacement is believed when it makes the user's sentence one the
     * file asks nearly word for word: measured with MiniLM, "what is current of" as "what is
     * kurento of" scores 0.995 against "what is kurento", "which speech recognise our do you use"
     * 1.000; but ordinary sentences with a word that sounds like a name ("what is the current
     * time", "can you give me a grant", "is there a current account") score 0.856-0.876 with the
     * name in, above the ordinary least relevance.
     */
    static final double SOUND_ALIKE_MIN_RELEVANCE = 0.93;
    /** Splits before each word, keeping its leading space: tokens as a generative model streams them. */
    private static final Pattern TOKEN_BOUNDARY = Pattern.compile("(?=\\s\\S)");

    private final RetrievalSettings settings;
    private final MiniLmEmbeddingModel embeddings;
    private final List<String> answers = new ArrayList<>();
    private final InMemoryEmbeddingStore<TextSegment> index = new InMemoryEmbeddingStore<>();
    /** A thread per reply under way: one for all sessions had each answer wait for the others' tokens. */
    private final ExecutorService replyThreads;
    private int segmentCount;
    private DistinctiveWords distinctive;
    private SoundAlikes soundAlikes;

    public RetrievalLanguageModel(RetrievalSettings settings) {
        this(settings, ProviderThreads.named("parley-llm-retrieval"));
    }

    public RetrievalLanguageModel(RetrievalSettings settings, ThreadFactory threads) {
        this.settings = settings;
        List<KnowledgeEntry> entries = settings.knowledgeFile().map(KnowledgeFile::read).orElseGet(KnowledgeFile::readBuiltIn);
        // Embeddings run on the calling thread, so no unmanaged threads start inside the server.
        this.embeddings = new MiniLmEmbeddingModel();
        try {
            index(entries);
        } catch (RuntimeException e) {
            embeddings.close();
            throw e;
        }
        this.replyThreads = Executors.newCachedThreadPool(threads);
    }

    private void index(List<KnowledgeEntry> entries) {
        List<TextSegment> segments = new ArrayList<>();
        List<List<String>> questions = new ArrayList<>();
        for (KnowledgeEntry entry : entries) {
            int id = answers.size();
            answers.add(settings.persona().personalise(entry.answer()));
            // Questions and the answer itself are all ways in to the entry.
            for (String text : entry.questions()) {
                segments.add(TextSegment.from(settings.persona().personalise(text), meta(id)));
            }
            segments.add(TextSegment.from(answers.get(id), meta(id)));
            questions.add(entry.questions().stream().map(q -> settings.persona().personalise(q)).toList());
        }
        List<Embedding> vectors = embeddings.embedAll(segments).content();
        index.addAll(vectors, segments);
        this.segmentCount = segments.size();
        this.distinctive = new DistinctiveWords(questions);
        this.soundAlikes = new SoundAlikes(questions.stream().flatMap(List::stream).toList());
    }

    private static dev.langchain4j.data.document.Metadata meta(int id) {
        return new dev.langchain4j.data.document.Metadata().put("entry", id);
    }

    /**
     * The answer for {@code question}: the entry closest in meaning when it is relevant enough; else
     * the entry that the question's distinctive words name, when it comes within
     * {@link #DISTINCTIVE_WORD_MARGIN} of that; else, if the question reads as one of the file's
     * once misheard words are put back ({@link SoundAlikes}), that entry; else the fallback.
     */
    public String answer(String question) {
        List<EmbeddingMatch<TextSegment>> matches = search(question, Math.max(0, settings.minRelevance() - DISTINCTIVE_WORD_MARGIN));
        if (!matches.isEmpty() && matches.get(0).score() >= settings.minRelevance()) {
            return answers.get(entryOf(matches.get(0)));
        }
        OptionalInt named = distinctive.entryNamedBy(question);
        if (named.isPresent() && matches.stream().anyMatch(m -> entryOf(m) == named.getAsInt())) {
            return answers.get(named.getAsInt());
        }
        SoundAlikes.Rewrite heard = soundAlikes.rewrite(question);
        if (heard.changed()) {
            double least = heard.soundAlike() ? Math.max(settings.minRelevance(), SOUND_ALIKE_MIN_RELEVANCE) : settings.minRelevance();
            List<EmbeddingMatch<TextSegment>> again = search(heard.text(), least);
            if (!again.isEmpty()) {
                return answers.get(entryOf(again.get(0)));
            }
        }
        return settings.persona().personalise(settings.persona().fallback());
    }

    private List<EmbeddingMatch<TextSegment>> search(String text, double minScore) {
        return index.search(EmbeddingSearchRequest.builder()
                .queryEmbedding(embeddings.embed(text).content())
                .maxResults(segmentCount)
                .minScore(minScore)
                .build()).matches();
    }

    private static int entryOf(EmbeddingMatch<TextSegment> match) {
        return match.embedded().metadata().getInteger("entry");
    }

    @Override
    public Cancellable reply(List<ChatMessage> history, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        Reply reply = new Reply(history, listener);
        try {
            replyThreads.execute(reply);
        } catch (RejectedExecutionException e) {
            throw new SpeechException("the retrieval language model is closed", e);
        }
        return reply;
    }

    @Override
    public void close() {
        replyThreads.shutdownNow();
        try {
            replyThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Waits for an embedding still running, then frees the model's native memory.
            embeddings.close();
        }
    }

    private final class Reply implements Runnable, Cancellable {
        private final List<ChatMessage> history;
        private final Listener listener;
        private volatile boolean cancelled;

        Reply(List<ChatMessage> history, Listener listener) {
            this.history = history;
            this.listener = listener;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            String question = lastUserMessage();
            if (question == null) {
                listener.onError(new SpeechException("nothing to answer: the conversation has no user message at its end"));
                return;
            }
            try {
                for (String token : TOKEN_BOUNDARY.split(answer(question))) {
                    if (cancelled) {
                        return;
                    }
                    listener.onToken(token);
                    if (settings.tokenDelayMillis() > 0) {
                        Thread.sleep(settings.tokenDelayMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing
            } catch (RuntimeException | LinkageError e) {
                // LinkageError too: a model whose native part fails to load must end the turn, not leave it hanging.
                if (!cancelled) {
                    listener.onError(e instanceof SpeechException se ? se : new SpeechException("retrieval failed: " + e, e));
                }
                return;
            }
            if (!cancelled) {
                listener.onComplete();
            }
        }

        private String lastUserMessage() {
            if (history == null || history.isEmpty()) {
                return null;
            }
            ChatMessage last = history.get(history.size() - 1);
            return last.role() == ChatMessage.Role.USER && last.text() != null && !last.text().isBlank() ? last.text() : null;
        }
    }
}
