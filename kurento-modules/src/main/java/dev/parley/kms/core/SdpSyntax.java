package dev.parley.kms.core;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.util.regex.Pattern;

/**
 * The parse check KMS runs on every remote description before anything else (40201): not empty,
 * starts with {@code v=}, and every line is {@code <letter>=<value>}.
 */
public final class SdpSyntax {
    private static final Pattern LINE = Pattern.compile("[a-z]=.*");

    private SdpSyntax() {
    }

    /** @param kind "offer" or "answer", for the message */
    public static void check(String sdp, String kind) {
        if (sdp == null || sdp.isBlank()) {
            throw new KurentoException(ErrorCode.SDP_PARSE_ERROR, "Empty " + kind + " not valid");
        }
        String[] lines = sdp.strip().split("\r?\n");
        if (!lines[0].startsWith("v=")) {
            throw new KurentoException(ErrorCode.SDP_PARSE_ERROR, "Invalid SDP: the " + kind + " does not start with v=");
        }
        boolean hasOrigin = false;
        boolean hasName = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!LINE.matcher(line).matches()) {
                throw new KurentoException(ErrorCode.SDP_PARSE_ERROR,
                        "Error parsing SDP: line " + (i + 1) + " of the " + kind + " is not '<type>=<value>'");
            }
            hasOrigin |= line.startsWith("o=");
            hasName |= line.startsWith("s=");
        }
        if (!hasOrigin || !hasName) {
            throw new KurentoException(ErrorCode.SDP_PARSE_ERROR, "Error parsing SDP: the " + kind + " lacks o= or s=");
        }
    }

    /** Number of m-lines, for checking a candidate's sdpMLineIndex. */
    public static int mediaCount(String sdp) {
        int count = 0;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                count++;
            }
        }
        return count;
    }
}
