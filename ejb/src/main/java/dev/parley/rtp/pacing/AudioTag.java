package dev.parley.rtp.pacing;

/**
 * Whose audio a queued piece is, given by the caller when it queues the audio and handed back
 * unchanged in every report of it: the conversation uses the reply's generation and the index of the
 * text chunk it speaks, so a report needs no translation into the caller's ids.
 */
public record AudioTag(long generation, int chunk) {
}
