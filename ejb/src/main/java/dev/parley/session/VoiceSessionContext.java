package dev.parley.session;

import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.media.MediaServers;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What every voice session shares: the media server connection, the speech providers, the
 * settings, and the container's threads (in Payara: managed executors and thread factory).
 *
 * @param media         the media servers: one connection, or the pool (their settings hold the bridge's)
 * @param conversation  turn-taking settings
 * @param providers     VAD, STT, LLM, TTS (thread-safe, shared)
 * @param lanes         threads that run each session's serial lane
 * @param timers        the engine's timeouts
 * @param bridgeThreads the RTP bridges' receive and send threads
 */
public record VoiceSessionContext(MediaServers media, ConversationSettings conversation, ConversationProviders providers,
                                  Executor lanes, ScheduledExecutorService timers, ThreadFactory bridgeThreads) {
    public VoiceSessionContext {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(lanes, "lanes");
        Objects.requireNonNull(timers, "timers");
        Objects.requireNonNull(bridgeThreads, "bridgeThreads");
    }
}
