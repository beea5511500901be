package dev.parley.speech.stt.moonshine;

/**
 * Finds a greedy decoder stuck in a loop: the same piece, or the same run of up to
 * {@link #LONGEST_UNIT} pieces, written over and over at the end of its output ("how does the good
 * good good good good…" for a muffled "how does it work"). A single piece must come
 * {@link #SAME_PIECE_TIMES} times in a row, since people do say "no, no, no"; a longer run three
 * times.
 */
final class RepeatedPieces {
    static final int LONGEST_UNIT = 4;
    static final int SAME_PIECE_TIMES = 4;
    static final int SAME_RUN_TIMES = 3;

    private RepeatedPieces() {
    }

    /**
     * How many of the first {@code count} pieces to keep if they end in a loop: everything up to and
     * including the loop's first turn. -1 if they do not end in one.
     */
    static int keptBeforeLoop(int[] pieces, int count) {
        for (int unit = 1; unit <= LONGEST_UNIT; unit++) {
            int times = unit == 1 ? SAME_PIECE_TIMES : SAME_RUN_TIMES;
            if (count < unit * times) {
                continue;
            }
            if (endsInRepeats(pieces, count, unit, times)) {
                int start = count - unit * times;
                // The loop may have begun before the turns counted: keep only its first turn.
                while (start >= unit && sameRun(pieces, start - unit, start, unit)) {
                    start -= unit;
                }
                return start + unit;
            }
        }
        return -1;
    }

    private static boolean endsInRepeats(int[] pieces, int count, int unit, int times) {
        int last = count - unit;
        for (int turn = 1; turn < times; turn++) {
            if (!sameRun(pieces, last - turn * unit, last, unit)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRun(int[] pieces, int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (pieces[a + i] != pieces[b + i]) {
                return false;
            }
        }
        return true;
    }
}
