package dev.parley.conversation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every turn-taking timing, threshold and limit, in one place; no other class owns one. Read from
 * MicroProfile Config via {@link #from(Function)}: each component has the key
 * {@code parley.conversation.<component name in kebab case>}, e.g. {@code endpointingSilenceMillis}
 * is {@code parley.conversation.endpointing-silence-millis}.
 *
 * @param vadStartThreshold                speech probability at or above which a frame counts as voiced
 * @param vadStopThreshold                 probability below which a frame counts as silent (hysteresis: lower than start)
 * @param vadMinSpeechMillis               voiced time needed before "user speech started" (shorter blips are ignored)
 * @param vadMinSilenceMillis              silent time needed before "user speech stopped"
 * @param vadOnsetThreshold                while the agent speaks, a probability that, held for {@code vadOnsetMillis}, already
 *                                         holds the agent (reversibly) before the VAD confirms speech
 * @param vadOnsetMillis                   how long that probability must hold; the hold is off unless this is shorter than
 *                                         {@code vadMinSpeechMillis} or the threshold lower than {@code vadStartThreshold}
 * @param preRollMillis                    audio before the detected onset that is fed to STT, so first syllables survive
 * @param inputStallMillis                 input this far behind its own audio time means the stream stalled: timing restarts from the clock
 * @param completeUtteranceSilenceMillis   silence that ends a turn whose words so far are a complete question or statement
 * @param endpointingSilenceMillis         silence after the user's last voiced frame that ends a turn when its words say neither
 * @param unfinishedUtteranceSilenceMillis longer silence for an obviously unfinished utterance ("I want to…")
 * @param firstChunkMinChars               the first speakable chunk may be cut at a clause boundary once this long
 * @param chunkMaxChars                    a chunk without any boundary is cut at a word once this long
 * @param bargeInMinSpeechMillis           voiced user speech over the agent must last this long before any barge-in
 * @param bargeInMinWords                  …and hold this many content words (not "the", not "uh-huh"), or
 * @param bargeInLongSpeechMillis          …simply last this long (a cough, or the recogniser lagging), unless it is all backchannel
 * @param continuationGraceMillis          speech that starts this soon after the endpoint, while the answer plays, continues the user's turn: the answer is cancelled
 * @param resumeAfterNoiseMillis           sound over the agent pauses it; when that sound ends without words the agent resumes at most this long after its end
 * @param backchannels                     words that, alone, never take the floor from the agent ("uh-huh", "okay")
 * @param maxUserTurnMillis                a user turn is ended after this long even if the user keeps talking
 * @param idleTimeoutMillis                user silence after which the agent prompts, and after a second one ends
 * @param idlePrompt                       what the agent says when the user has been silent
 * @param maxSessionMillis                 the session ends after this long ({@value #SESSION_LIMIT_KEY}, in seconds)
 * @param systemPrompt                     first message of the dialog history (blank: none)
 */
public record ConversationSettings(
        float vadStartThreshold,
        float vadStopThreshold,
        long vadMinSpeechMillis,
        long vadMinSilenceMillis,
        float vadOnsetThreshold,
        long vadOnsetMillis,
        long preRollMillis,
        long inputStallMillis,
        long completeUtteranceSilenceMillis,
        long endpointingSilenceMillis,
        long unfinishedUtteranceSilenceMillis,
        int firstChunkMinChars,
        int chunkMaxChars,
        long bargeInMinSpeechMillis,
        int bargeInMinWords,
        long bargeInLongSpeechMillis,
        long continuationGraceMillis,
        long resumeAfterNoiseMillis,
        Set<String> backchannels,
        long maxUserTurnMillis,
        long idleTimeoutMillis,
        String idlePrompt,
        long maxSessionMillis,
        String systemPrompt) {

    public static final String PREFIX = "parley.conversation.";
    /**
     * The one key for how long a session may last, in seconds: the engine's timer, and the limit
     * signalling admits a session with (a widget token may only shorten it). The engine used to read
     * {@value #DEPRECATED_SESSION_LIMIT_KEY} for its own, capped at 30 minutes by default, so raising
     * this key alone changed nothing; that key is still read, and the shorter of the two applies.
     */
    public static final String SESSION_LIMIT_KEY = "parley.limits.max-session-seconds";
    public static final String DEPRECATED_SESSION_LIMIT_KEY = PREFIX + "max-session-millis";
    public static final long DEFAULT_SESSION_LIMIT_SECONDS = 30 * 60;

    public static final Set<String> DEFAULT_BACKCHANNELS = Set.of(
            "uh-huh", "uh huh", "mm-hmm", "mm hmm", "mhm", "okay", "ok", "alright", "right", "yeah", "yes", "yep", "sure", "i see");

    public ConversationSettings {
        require(vadStartThreshold > 0 && vadStartThreshold <= 1, "vadStartThreshold must be in (0,1]: " + vadStartThreshold);
        require(vadStopThreshold >= 0 && vadStopThreshold <= vadStartThreshold,
                "vadStopThreshold must be in [0, vadStartThreshold]: " + vadStopThreshold);
        require(vadMinSpeechMillis >= 0 && vadMinSilenceMillis >= 0 && vadOnsetMillis >= 0 && preRollMillis >= 0,
                "VAD timings must not be negative");
        require(vadOnsetThreshold > 0 && vadOnsetThreshold <= 1, "vadOnsetThreshold must be in (0,1]: " + vadOnsetThreshold);
        require(inputStallMillis > 0, "inputStallMillis must be positive");
        require(completeUtteranceSilenceMillis >= vadMinSilenceMillis,
                "completeUtteranceSilenceMillis (" + completeUtteranceSilenceMillis + ") must be at least vadMinSilenceMillis (" + vadMinSilenceMillis + ")");
        require(endpointingSilenceMillis >= completeUtteranceSilenceMillis,
                "endpointingSilenceMillis must be at least completeUtteranceSilenceMillis");
        require(endpointingSilenceMillis >= vadMinSilenceMillis,
                "endpointingSilenceMillis (" + endpointingSilenceMillis + ") must be at least vadMinSilenceMillis (" + vadMinSilenceMillis + ")");
        require(unfinishedUtteranceSilenceMillis >= endpointingSilenceMillis,
                "unfinishedUtteranceSilenceMillis must be at least endpointingSilenceMillis");
        require(firstChunkMinChars > 0 && chunkMaxChars >= firstChunkMinChars, "chunk sizes: 0 < firstChunkMinChars <= chunkMaxChars");
        require(bargeInMinSpeechMillis >= 0 && bargeInMinWords >= 1 && bargeInLongSpeechMillis >= bargeInMinSpeechMillis,
                "barge-in: bargeInMinWords >= 1 and bargeInLongSpeechMillis >= bargeInMinSpeechMillis >= 0");
        require(continuationGraceMillis >= 0, "continuationGraceMillis must not be negative");
        require(resumeAfterNoiseMillis >= 0, "resumeAfterNoiseMillis must not be negative");
        require(maxUserTurnMillis > 0 && idleTimeoutMillis > 0 && maxSessionMillis > 0, "limits must be positive");
        backchannels = backchannels.stream().map(w -> w.toLowerCase(Locale.ROOT).trim()).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        idlePrompt = idlePrompt == null ? "" : idlePrompt;
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
    }

    /** Whether an onset may hold the agent before the VAD confirms speech. */
    public boolean onsetPausesAgent() {
        return vadOnsetMillis < vadMinSpeechMillis || vadOnsetThreshold < vadStartThreshold;
    }

    public static ConversationSettings defaults() {
        return new ConversationSettings(0.5f, 0.35f, 96, 160, 0.35f, 64, 300, 200, 250, 500, 2000, 12, 160,
                250, 2, 1500, 1000, 700, DEFAULT_BACKCHANNELS, 30_000, 15_000, "Are you still there?", DEFAULT_SESSION_LIMIT_SECONDS * 1000, "");
    }

    /**
     * Reads every setting from {@code config} (e.g. {@code key -> mpConfig.getOptionalValue(key, String.class)}),
     * keeping the default for absent keys. A malformed value fails naming the key.
     */
    public static ConversationSettings from(Function<String, Optional<String>> config) {
        ConversationSettings d = defaults();
        Reader r = new Reader(config);
        return new ConversationSettings(
                r.f("vadStartThreshold", d.vadStartThreshold),
                r.f("vadStopThreshold", d.vadStopThreshold),
                r.l("vadMinSpeechMillis", d.vadMinSpeechMillis),
                r.l("vadMinSilenceMillis", d.vadMinSilenceMillis),
                r.f("vadOnsetThreshold", d.vadOnsetThreshold),
                r.l("vadOnsetMillis", d.vadOnsetMillis),
                r.l("preRollMillis", d.preRollMillis),
                r.l("inputStallMillis", d.inputStallMillis),
                r.l("completeUtteranceSilenceMillis", d.completeUtteranceSilenceMillis),
                r.l("endpointingSilenceMillis", d.endpointingSilenceMillis),
                r.l("unfinishedUtteranceSilenceMillis", d.unfinishedUtteranceSilenceMillis),
                (int) r.l("firstChunkMinChars", d.firstChunkMinChars),
                (int) r.l("chunkMaxChars", d.chunkMaxChars),
                r.l("bargeInMinSpeechMillis", d.bargeInMinSpeechMillis),
                (int) r.l("bargeInMinWords", d.bargeInMinWords),
                r.l("bargeInLongSpeechMillis", d.bargeInLongSpeechMillis),
                r.l("continuationGraceMillis", d.continuationGraceMillis),
                r.l("resumeAfterNoiseMillis", d.resumeAfterNoiseMillis),
                r.words("backchannels", d.backchannels),
                r.l("maxUserTurnMillis", d.maxUserTurnMillis),
                r.l("idleTimeoutMillis", d.idleTimeoutMillis),
                r.s("idlePrompt", d.idlePrompt),
                sessionLimitMillis(config, r, d.maxSessionMillis),
                r.s("systemPrompt", d.systemPrompt));
    }

    /** {@value #SESSION_LIMIT_KEY}, or the deprecated {@value #DEPRECATED_SESSION_LIMIT_KEY}, the shorter if both are set. */
    private static long sessionLimitMillis(Function<String, Optional<String>> config, Reader r, long dflt) {
        Optional<Long> seconds = config.apply(SESSION_LIMIT_KEY).map(String::trim).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("conversation settings: " + SESSION_LIMIT_KEY + " is not a number: '" + v + "'", e);
            }
        });
        if (seconds.isPresent() && seconds.get() <= 0) {
            throw new IllegalArgumentException("conversation settings: " + SESSION_LIMIT_KEY + " must be positive, got " + seconds.get());
        }
        long limit = seconds.map(s -> Math.multiplyExact(s, 1000L)).orElse(dflt);
        return config.apply(DEPRECATED_SESSION_LIMIT_KEY).isPresent() ? Math.min(limit, r.l("maxSessionMillis", dflt)) : limit;
    }

    /**
     * These settings for one session that may last at most {@code limitMillis} (its widget token's
     * limit, say): the shorter of that and {@link #maxSessionMillis()}.
     */
    public ConversationSettings limitSessionTo(long limitMillis) {
        require(limitMillis > 0, "a session limit must be positive: " + limitMillis);
        if (limitMillis >= maxSessionMillis) {
            return this;
        }
        return new ConversationSettings(vadStartThreshold, vadStopThreshold, vadMinSpeechMillis, vadMinSilenceMillis, vadOnsetThreshold,
                vadOnsetMillis, preRollMillis,
                inputStallMillis, completeUtteranceSilenceMillis, endpointingSilenceMillis, unfinishedUtteranceSilenceMillis,
                firstChunkMinChars, chunkMaxChars, bargeInMinSpeechMillis, bargeInMinWords, bargeInLongSpeechMillis,
                continuationGraceMillis, resumeAfterNoiseMillis, backchannels, maxUserTurnMillis, idleTimeoutMillis, idlePrompt,
                limitMillis, systemPrompt);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("conversation settings: " + message);
        }
    }

    /** The configuration key of a component: {@code endpointingSilenceMillis} → {@code parley.conversation.endpointing-silence-millis}. */
    public static String key(String component) {
        return PREFIX + component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private record Reader(Function<String, Optional<String>> config) {
        private Optional<String> raw(String name) {
            return config.apply(key(name)).map(String::trim);
        }

        float f(String name, float dflt) {
            return raw(name).map(v -> parse(name, v, Float::parseFloat)).orElse(dflt);
        }

        long l(String name, long dflt) {
            return raw(name).map(v -> parse(name, v, Long::parseLong)).orElse(dflt);
        }

        String s(String name, String dflt) {
            return config.apply(key(name)).orElse(dflt);
        }

        Set<String> words(String name, Set<String> dflt) {
            return raw(name).map(v -> Arrays.stream(v.split(",")).map(String::trim).collect(Collectors.toSet())).orElse(dflt);
        }

        private static <T> T parse(String name, String value, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("conversation settings: " + key(name) + " is not a number: '" + value + "'", e);
            }
        }
    }
}
