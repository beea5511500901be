package dev.parley.kms.gst;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an endpoint's own descriptions say about it, as KMS writes them: its own origin line (not
 * the peer's copied back), the SSRC it sends from with its CNAME (GST-CORE kmsbasertpendpoint:
 * {@code user<n>@host-<hex>}), and the stream and track ids a browser groups its track by. Fixed for
 * the endpoint's life, so every description it gives out agrees.
 *
 * @param ssrc an unsigned 32-bit value, never 0
 */
record SdpIdentity(long sessionId, long ssrc, String cname, String streamId, String trackId) {
    static final String SESSION_NAME = "s=Kurento Media Server";

    static SdpIdentity random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ssrc = random.nextLong(1, 1L << 32);
        String cname = "user" + Integer.toUnsignedString(random.nextInt()) + "@host-" + Integer.toHexString(random.nextInt());
        return new SdpIdentity(random.nextLong(1, Long.MAX_VALUE), ssrc, cname, token(random), token(random));
    }

    private static String token(ThreadLocalRandom random) {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }

    /** {@code session} with this endpoint's origin and session name in place of whatever was there. */
    List<String> ownSession(List<String> session) {
        List<String> own = new ArrayList<>();
        for (String line : session) {
            if (line.startsWith("o=")) {
                own.add("o=- " + sessionId + " 0 IN IP4 0.0.0.0");
            } else if (line.startsWith("s=")) {
                own.add(SESSION_NAME);
            } else {
                own.add(line);
            }
        }
        return own;
    }

    /**
     * The carried audio m-line as this endpoint sends it: without transport-cc feedback (the engine
     * sends no transport-wide feedback, and KMS negotiates REMB instead), and, where it sends, with
     * its msid and SSRC lines.
     */
    List<String> ownAudio(List<String> lines, String direction) {
        List<String> own = new ArrayList<>();
        for (String line : lines) {
            if (!(line.startsWith("a=rtcp-fb:") && line.endsWith(" transport-cc")) && !line.startsWith("a=ssrc") && !line.startsWith("a=msid")) {
                own.add(line);
            }
        }
        if (direction.equals("sendrecv") || direction.equals("sendonly")) {
            own.add("a=msid:" + streamId + " " + trackId);
            own.add("a=ssrc:" + ssrc + " cname:" + cname);
            own.add("a=ssrc:" + ssrc + " msid:" + streamId + " " + trackId);
        }
        return own;
    }
}
