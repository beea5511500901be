package dev.parley.web.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestBodyLimitTest {

    /** A body of unknown length (chunked) that would go on for ever: only one byte past the limit is read (then 413). */
    @Test
    void aBodyPastTheLimitIs413AfterReadingOneByteTooMany() {
        int[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 'x';
            }
        };
        assertTrue(RequestBodyLimit.readAtMost(endless, 100).isEmpty(), "too large");
        assertEquals(101, read[0]);
    }

    @Test
    void aBodyUpToTheLimitIsKeptWhole() {
        byte[] body = new byte[100];
        body[99] = 7;
        assertArrayEquals(body, RequestBodyLimit.readAtMost(new ByteArrayInputStream(body), 100).orElseThrow());
        assertArrayEquals(new byte[0], RequestBodyLimit.readAtMost(new ByteArrayInputStream(new byte[0]), 100).orElseThrow());
    }
}
