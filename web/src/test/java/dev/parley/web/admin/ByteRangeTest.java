package dev.parley.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void aClosedRangeIsServedAsAsked() throws Exception {
        ByteRange range = ByteRange.parse("bytes=0-99", 1000);
        assertEquals(new ByteRange(0, 99), range);
        assertEquals(100, range.length());
        assertEquals("bytes 0-99/1000", range.contentRange(1000));
    }

    @Test
    void anOpenRangeRunsToTheEnd() throws Exception {
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-", 1000));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() throws Exception {
        assertEquals(new ByteRange(800, 999), ByteRange.parse("bytes=-200", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void aRangePastTheEndIsClipped() throws Exception {
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-5000", 1000));
    }

    @Test
    void aRangeStartingBeyondTheEndIsUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 1000));
    }

    @Test
    void whatCannotBeServedAsOneRangeGetsTheWholeResource() throws Exception {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("items=0-1", 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-9", 1000));
        assertNull(ByteRange.parse("bytes=9-1", 1000));
        assertNull(ByteRange.parse("bytes=a-b", 1000));
    }
}
