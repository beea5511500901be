package dev.parley.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps the audio the output actually sent back to the text of a reply: each spoken chunk owns a
 * contiguous run of samples, and inside a chunk the words are assumed to take time in proportion to
 * their length. This is what an interrupted reply leaves in the dialog history.
 */
final class PlayedTextTracker {

    private static final class Chunk {
        final String text;
        final long startSample;
        long samples;
        boolean synthesised;
        boolean announced;

        Chunk(String text, long startSample) {
            this.text = text;
            this.startSample = startSample;
        }
    }

    private final List<Chunk> chunks = new ArrayList<>();
    private long queuedSamples;
    private long playedSamples;

    /** A new chunk whose audio follows all earlier chunks' audio; returns its index. */
    int addChunk(String text) {
        if (!chunks.isEmpty() && !chunks.get(chunks.size() - 1).synthesised) {
            throw new IllegalStateException("PlayedTextTracker: chunk " + (chunks.size() - 1) + " is still being synthesised");
        }
        chunks.add(new Chunk(text, queuedSamples));
        return chunks.size() - 1;
    }

    void addAudio(int chunk, int samples) {
        if (chunk != chunks.size() - 1) {
            throw new IllegalStateException("PlayedTextTracker: audio for chunk " + chunk + " after chunk " + (chunks.size() - 1) + " began");
        }
        chunks.get(chunk).samples += samples;
        queuedSamples += samples;
    }

    void chunkSynthesised(int chunk) {
        chunks.get(chunk).synthesised = true;
    }

    /** Records {@code samples} more sent samples; returns the texts of chunks that just began playing. */
    List<String> played(long samples) {
        playedSamples = Math.min(queuedSamples, playedSamples + samples);
        List<String> started = new ArrayList<>();
        for (Chunk c : chunks) {
            if (!c.announced && c.samples > 0 && playedSamples > c.startSample) {
                c.announced = true;
                started.add(c.text);
            }
        }
        return started;
    }

    boolean allQueuedAudioPlayed() {
        return playedSamples >= queuedSamples;
    }

    long playedSamples() {
        return playedSamples;
    }

    /** The words the user heard so far: whole chunks played, plus the played share of the chunk being played. */
    String heardText() {
        List<String> heard = new ArrayList<>();
        for (Chunk c : chunks) {
            if (c.samples == 0 || playedSamples <= c.startSample) {
                break;
            }
            long playedInChunk = Math.min(c.samples, playedSamples - c.startSample);
            if (playedInChunk >= c.samples && c.synthesised) {
                heard.add(c.text);
                continue;
            }
            heard.add(leadingWords(c.text, (double) playedInChunk / c.samples));
            break;
        }
        return String.join(" ", heard).strip();
    }

    /** The words of {@code text} that end within the first {@code fraction} of its characters. */
    static String leadingWords(String text, double fraction) {
        String[] words = text.strip().split("\\s+");
        int budget = (int) Math.floor(fraction * text.strip().length());
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (String w : words) {
            int end = used + (out.length() == 0 ? 0 : 1) + w.length();
            if (end > budget) {
                break;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(w);
            used = end;
        }
        return out.toString();
    }
}
