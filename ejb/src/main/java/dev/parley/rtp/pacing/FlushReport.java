package dev.parley.rtp.pacing;

import java.util.List;

/**
 * What a flush dropped.
 *
 * @param droppedFrames  queued 20 ms frames that will never go out
 * @param droppedSamples their samples at 16 kHz (a partial tail frame counts its real samples)
 * @param cutChunks      chunks that lost audio, each with how much of it did go out: what the user heard
 */
public record FlushReport(int droppedFrames, long droppedSamples, List<CutChunk> cutChunks) {

    public FlushReport {
        cutChunks = List.copyOf(cutChunks);
    }

    /** Chunk {@code chunkId}: {@code samplesSent} of {@code totalSamples} went out before the flush. */
    public record CutChunk(long chunkId, int samplesSent, int totalSamples) {
    }
}
