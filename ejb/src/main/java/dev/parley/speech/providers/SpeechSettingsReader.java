package dev.parley.speech.providers;

import dev.parley.speech.SpeechException;
import dev.parley.speech.llm.Persona;
import dev.parley.speech.llm.openai.OpenAiSettings;
import dev.parley.speech.llm.retrieval.KnowledgeEntry;
import dev.parley.speech.llm.retrieval.KnowledgeFile;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import dev.parley.speech.stt.SpeechHints;
import dev.parley.speech.openai.SpeechServer;
import dev.parley.speech.stt.openai.OpenAiRecognizerSettings;
import dev.parley.speech.stt.hybrid.HybridSettings;
import dev.parley.speech.stt.moonshine.MoonshineSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import dev.parley.speech.stt.vosk.VoskSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.openai.OpenAiSynthesizerSettings;
import dev.parley.speech.vad.silero.SileroSettings;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads every provider setting from MicroProfile Config; each key is listed in docs/providers.md. */
public final class SpeechSettingsReader {
    private final Config config;

    public SpeechSettingsReader(Config config) {
        this.config = config;
    }

    public String provider(String capability, String fallback) {
        return string("parley." + capability + ".provider").orElse(fallback).strip();
    }

    public SileroSettings silero() {
        SileroSettings d = SileroSettings.defaults();
        return new SileroSettings(path("parley.vad.silero.model-file"), d.sampleRateHz(),
                integer("parley.vad.silero.threads", d.intraOpThreads()));
    }

    public PocketSphinxSettings pocketSphinx() {
        PocketSphinxSettings d = PocketSphinxSettings.defaults();
        String p = "parley.stt.pocketsphinx.";
        return new PocketSphinxSettings(
                path(p + "acoustic-model-dir").orElse(d.acousticModelDir()),
                path(p + "language-model-file").orElse(d.languageModelFile()),
                path(p + "dictionary-file").orElse(d.dictionaryFile()),
                d.sampleRateHz(),
                string(p + "cmn-init").map(SpeechSettingsReader::floats).orElse(d.cmnInit()),
                integer(p + "cmn-prior-frames", d.cmnPriorFrames()),
                integer(p + "partial-interval-millis", d.partialIntervalMillis()),
                integer(p + "max-decoders", d.maxDecoders()),
                string(p + "library").orElse(d.pocketSphinxLibrary()),
                string(p + "sphinxbase-library").orElse(d.sphinxBaseLibrary()));
    }

    public VoskSettings vosk() {
        VoskSettings d = VoskSettings.defaults();
        return new VoskSettings(path("parley.stt.vosk.model-dir"),
                integer("parley.stt.vosk.partial-interval-millis", d.partialIntervalMillis()));
    }

    public MoonshineSettings moonshine() {
        MoonshineSettings d = MoonshineSettings.defaults();
        String p = "parley.stt.moonshine.";
        return new MoonshineSettings(path(p + "model-dir"), integer(p + "threads", d.intraOpThreads()),
                decimal(p + "tokens-per-second").orElse(d.tokensPerSecond()),
                integer(p + "max-utterance-seconds", d.maxUtteranceSeconds()),
                decimal(p + "hint-bonus").orElse(d.hintBonus()));
    }

    /**
     * The words recognizers favour: {@code parley.speech.hints} (comma-separated), and unless
     * {@code parley.speech.hints.from-knowledge-file} is false, the retrieval responder's knowledge
     * file's words and the persona's name as candidates (each recognizer keeps the ones it needs).
     */
    public SpeechHints speechHints() {
        List<String> phrases = string("parley.speech.hints").map(SpeechHints::parse).orElse(List.of());
        if (!bool("parley.speech.hints.from-knowledge-file", true)) {
            return new SpeechHints(phrases, List.of());
        }
        RetrievalSettings retrieval = retrieval();
        List<KnowledgeEntry> entries = retrieval.knowledgeFile().map(KnowledgeFile::read).orElseGet(KnowledgeFile::readBuiltIn);
        return new SpeechHints(phrases, SpeechHints.wordsOf(entries, retrieval.persona().name()));
    }

    public HybridSettings hybrid() {
        HybridSettings d = HybridSettings.defaults();
        String p = "parley.stt.vosk-moonshine.";
        return new HybridSettings(integer(p + "pause-millis", d.pauseMillis()),
                integer(p + "min-speech-level", d.minSpeechLevel()),
                decimal(p + "relative-speech-level").orElse(d.relativeSpeechLevel()));
    }

    public FliteSettings flite() {
        FliteSettings d = FliteSettings.defaults();
        return new FliteSettings(string("parley.tts.flite.voice").orElse(d.voice()),
                integer("parley.tts.flite.chunk-samples", d.chunkSamples()),
                string("parley.tts.flite.library").orElse(d.fliteLibrary()));
    }

    public Persona persona() {
        Persona d = Persona.defaults();
        return new Persona(string("parley.llm.persona.name").orElse(d.name()),
                string("parley.llm.persona.instructions").orElse(d.instructions()),
                string("parley.llm.persona.fallback").orElse(d.fallback()));
    }

    public RetrievalSettings retrieval() {
        RetrievalSettings d = RetrievalSettings.defaults();
        return new RetrievalSettings(path("parley.llm.retrieval.knowledge-file"),
                decimal("parley.llm.retrieval.min-relevance").orElse(d.minRelevance()),
                integer("parley.llm.retrieval.token-delay-millis", d.tokenDelayMillis()),
                persona());
    }

    public OpenAiSettings openAi() {
        String p = "parley.llm.openai.";
        String baseUrl = string(p + "base-url").orElse("https://api.openai.com/v1");
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new SpeechException(p + "base-url is not a URL: " + baseUrl, e);
        }
        OpenAiSettings d = OpenAiSettings.of(uri, "gpt-4o-mini", "none");
        return new OpenAiSettings(uri,
                string(p + "model").orElse(d.model()),
                string(p + "api-key").orElse(d.apiKey()),
                decimal(p + "temperature"),
                integer(p + "max-tokens", d.maxTokens()),
                integer(p + "timeout-millis", d.timeoutMillis()),
                integer(p + "max-tool-rounds", d.maxToolRounds()),
                persona());
    }

    /** The recognizer on an OpenAI-compatible transcription server: {@code parley.stt.openai.*}. */
    public OpenAiRecognizerSettings openAiRecognizer() {
        String p = "parley.stt.openai.";
        return new OpenAiRecognizerSettings(speechServer("STT", p),
                string(p + "model").orElse("whisper-1"),
                string(p + "language"),
                integer(p + "max-audio-seconds", 120));
    }

    /** The synthesiser on an OpenAI-compatible speech server: {@code parley.tts.openai.*}. */
    public OpenAiSynthesizerSettings openAiSynthesizer() {
        String p = "parley.tts.openai.";
        return new OpenAiSynthesizerSettings(speechServer("TTS", p),
                string(p + "model").orElse("tts-1"),
                string(p + "voice").orElse("alloy"),
                decimal(p + "speed"),
                integer(p + "sample-rate-hz", 24_000));
    }

    private SpeechServer speechServer(String what, String p) {
        String baseUrl = string(p + "base-url").orElse("https://api.openai.com/v1");
        try {
            return new SpeechServer(what, URI.create(baseUrl.strip()), string(p + "api-key").orElse("none"),
                    integer(p + "timeout-millis", 30_000));
        } catch (IllegalArgumentException e) {
            throw new SpeechException(p + "base-url is not a URL: " + baseUrl, e);
        }
    }

    private Optional<String> string(String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private boolean bool(String key, boolean fallback) {
        return string(key).map(v -> switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SpeechException(key + " must be true or false, got '" + v + "'");
        }).orElse(fallback);
    }

    private Optional<Path> path(String key) {
        return string(key).map(Path::of);
    }

    private int integer(String key, int fallback) {
        return string(key).map(v -> parse(key, v, Integer::valueOf)).orElse(fallback);
    }

    private Optional<Double> decimal(String key) {
        return string(key).map(v -> parse(key, v, Double::valueOf));
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new SpeechException(key + " must be a number, got '" + value + "'", e);
        }
    }

    private static List<Float> floats(String csv) {
        List<Float> values = new ArrayList<>();
        for (String part : csv.split(",")) {
            values.add(parse("parley.stt.pocketsphinx.cmn-init", part, Float::valueOf));
        }
        return values;
    }
}
