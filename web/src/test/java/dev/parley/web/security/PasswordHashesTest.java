package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {

    @Test
    void aHashHasJakartaSecuritysPbkdf2FormatAndMatchesOnlyItsPassword() {
        String hash = PasswordHashes.hash("correct horse".toCharArray());
        String[] fields = hash.split(":");
        assertEquals(4, fields.length, hash);
        assertEquals("PBKDF2WithHmacSHA256", fields[0]);
        assertEquals(String.valueOf(PasswordHashes.ITERATIONS), fields[1]);
        assertEquals(32, Base64.getDecoder().decode(fields[2]).length);
        assertEquals(32, Base64.getDecoder().decode(fields[3]).length);
        assertTrue(PasswordHashes.isHash(hash));
        assertTrue(PasswordHashes.matches("correct horse".toCharArray(), hash));
        assertFalse(PasswordHashes.matches("correct horsE".toCharArray(), hash));
        assertNotEquals(hash, PasswordHashes.hash("correct horse".toCharArray()), "a fresh salt each time");
    }

    /** RFC 7914 section 11's PBKDF2-HMAC-SHA256 vector (password "passwd", salt "salt", 1 iteration), in this format. */
    @Test
    void theDerivationIsStandardPbkdf2() {
        byte[] key = PasswordHashes.derive("PBKDF2WithHmacSHA256", "passwd".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1, 64);
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783", java.util.HexFormat.of().formatHex(key));
    }

    @Test
    void plainTextAndWeakOrMalformedHashesAreNotHashes() {
        assertFalse(PasswordHashes.isHash("ada-it-password"));
        assertFalse(PasswordHashes.isHash("PBKDF2WithHmacSHA256:1000:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA=="), "too few iterations");
        assertFalse(PasswordHashes.isHash("PBKDF2WithHmacSHA1:210000:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA=="));
        assertFalse(PasswordHashes.isHash("PBKDF2WithHmacSHA256:210000:c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA=="), "salt too short");
        assertFalse(PasswordHashes.isHash("PBKDF2WithHmacSHA256:210000:c2FsdHNhbHRzYWx0c2FsdA==:aGFzaGhhc2hoYXNoaGFzaA==:x"));
        assertFalse(PasswordHashes.isHash(null));
        assertTrue(PasswordHashes.isHash("PBKDF2WithHmacSHA512:1024:c2FsdHNhbHRzYWx0c2FsdA:aGFzaGhhc2hoYXNoaGFzaA"), "unpadded base64 is fine");
    }

    @Test
    void theCommandHashesTheFirstLineOfStandardInput() throws Exception {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("s3cret with spaces\nignored\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            HashPassword.main(new String[0]);
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        String hash = printed.toString(StandardCharsets.UTF_8).strip();
        assertTrue(PasswordHashes.isHash(hash), hash);
        assertTrue(PasswordHashes.matches("s3cret with spaces".toCharArray(), hash));
    }
}
