package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordSkipperTest {

    @Test
    void skipsTheFirstWordsEvenWhenTokensSplitThem() {
        WordSkipper skipper = new WordSkipper(3);
        StringBuilder out = new StringBuilder();
        for (String t : new String[]{"The", " mus", "eum", " opens", " at", " nine", "."}) {
            out.append(skipper.accept(t));
        }
        out.append(skipper.finish());
        assertEquals(" at nine.", out.toString());
    }

    @Test
    void skippingNothingPassesEverything() {
        WordSkipper skipper = new WordSkipper(0);
        assertEquals("Hello there.", skipper.accept("Hello there.") + skipper.finish());
    }

    @Test
    void skippingMoreWordsThanTheTextHasLeavesNothing() {
        WordSkipper skipper = new WordSkipper(5);
        assertEquals("", skipper.accept("two words") + skipper.finish());
    }
}
