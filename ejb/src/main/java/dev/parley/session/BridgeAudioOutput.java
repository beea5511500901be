package dev.parley.session;

import dev.parley.conversation.AgentAudioOutput;
import dev.parley.rtp.PlayoutListener;
import dev.parley.rtp.RtpAudioBridge;
import dev.parley.rtp.pacing.AudioTag;

/**
 * The conversation engine's audio output over an {@link RtpAudioBridge}: queued speech goes to the
 * bridge's paced sender under its tag (reply generation, text chunk), pause, resume and flush act
 * on the bridge's queue at once, and each packet the bridge sends is passed on to the engine under
 * the same tag. The bridge's pacer is the one ledger: this class keeps no table of its own.
 *
 * <p>Threads: {@link #enqueue}, {@link #pause}, {@link #resume} and {@link #flush} come from the
 * engine's lane, playout reports from the bridge's send thread.
 */
final class BridgeAudioOutput implements AgentAudioOutput, PlayoutListener {

    private volatile RtpAudioBridge bridge;
    private volatile PlaybackListener listener = (generation, chunk, samples, sentAt) -> { };

    /** The bridge is opened after this output exists (it needs this as its playout listener). */
    void attach(RtpAudioBridge openedBridge) {
        this.bridge = openedBridge;
    }

    @Override
    public void enqueue(AgentAudioChunk chunk) {
        RtpAudioBridge b = bridge;
        if (b == null || chunk.pcm().length == 0) {
            return;
        }
        try {
            b.queueAudio(new AudioTag(chunk.generation(), chunk.chunk()), chunk.pcm());
        } catch (IllegalStateException closed) {
            // the session is ending; its audio has nowhere to go
        }
    }

    @Override
    public int flush() {
        RtpAudioBridge b = bridge;
        return b == null ? 0 : b.flush().frames();
    }

    @Override
    public int pause() {
        RtpAudioBridge b = bridge;
        return b == null ? 0 : b.pause().frames();
    }

    @Override
    public void resume() {
        RtpAudioBridge b = bridge;
        if (b != null) {
            b.resume();
        }
    }

    @Override
    public void setPlaybackListener(PlaybackListener playbackListener) {
        this.listener = playbackListener;
    }

    @Override
    public void sent(AudioTag tag, int samples, long sentAtNanos) {
        listener.onPlayed(tag.generation(), tag.chunk(), samples, sentAtNanos);
    }
}
