package dev.parley.kms.gst;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An SDP as lines: the session part and one {@link Media} per m-line. Enough structure to
 * choose codecs, copy mids and rewrite ports, without losing any line we do not understand.
 */
final class Sdp {
    final List<String> session;
    final List<Media> media;

    private Sdp(List<String> session, List<Media> media) {
        this.session = session;
        this.media = media;
    }

    /** One m-line and the lines under it. */
    static final class Media {
        final List<String> lines;

        Media(List<String> lines) {
            this.lines = lines;
        }

        String[] mLine() {
            return lines.get(0).substring(2).trim().split("\\s+");
        }

        String kind() {
            return mLine()[0];
        }

        int port() {
            return Integer.parseInt(mLine()[1].split("/")[0]);
        }

        String proto() {
            return mLine()[2];
        }

        List<String> formats() {
            String[] m = mLine();
            return Arrays.asList(m).subList(3, m.length);
        }

        Optional<String> attribute(String name) {
            String prefix = "a=" + name;
            for (String line : lines) {
                if (line.equals(prefix)) {
                    return Optional.of("");
                }
                if (line.startsWith(prefix + ":")) {
                    return Optional.of(line.substring(prefix.length() + 1));
                }
            }
            return Optional.empty();
        }

        List<String> attributes(String name) {
            String prefix = "a=" + name + ":";
            List<String> values = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith(prefix)) {
                    values.add(line.substring(prefix.length()));
                }
            }
            return values;
        }

        Optional<String> mid() {
            return attribute("mid");
        }

        /** The rtpmap encoding ("opus/48000/2") of a payload type, if the m-line gives one. */
        Optional<String> rtpmap(String payloadType) {
            for (String value : attributes("rtpmap")) {
                int space = value.indexOf(' ');
                if (space > 0 && value.substring(0, space).equals(payloadType)) {
                    return Optional.of(value.substring(space + 1).trim());
                }
            }
            return Optional.empty();
        }

        /** The direction attribute, sendrecv when absent. */
        String direction() {
            for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
                if (lines.contains("a=" + d)) {
                    return d;
                }
            }
            return "sendrecv";
        }

        /** The media-level c= address, if any. */
        Optional<String> connectionAddress() {
            return lines.stream().filter(l -> l.startsWith("c=")).findFirst().map(Sdp::connectionAddressOf);
        }
    }

    /** Parses {@code text}; anything that is not an SDP is a 40201 SDP_PARSE_ERROR. */
    static Sdp parse(String text) {
        if (text == null || text.isBlank()) {
            throw parseError("Empty SDP not valid");
        }
        String[] raw = text.split("\r?\n");
        List<String> session = new ArrayList<>();
        List<Media> media = new ArrayList<>();
        List<String> current = session;
        for (String line : raw) {
            if (line.isBlank()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || !Character.isLetter(line.charAt(0))) {
                throw parseError("Error parsing SDP: bad line '" + abbreviate(line) + "'");
            }
            if (line.startsWith("m=")) {
                current = new ArrayList<>();
                media.add(new Media(current));
            }
            current.add(line);
        }
        if (session.isEmpty() || !session.get(0).startsWith("v=")) {
            throw parseError("Invalid SDP: it does not start with v=");
        }
        for (Media m : media) {
            String[] fields = m.mLine();
            if (fields.length < 4) {
                throw parseError("Error parsing SDP: bad m-line '" + abbreviate(m.lines.get(0)) + "'");
            }
            try {
                m.port();
            } catch (NumberFormatException e) {
                throw parseError("Error parsing SDP: bad port in '" + abbreviate(m.lines.get(0)) + "'");
            }
        }
        return new Sdp(session, media);
    }

    /** The session-level c= address, if any. */
    Optional<String> connectionAddress() {
        return session.stream().filter(l -> l.startsWith("c=")).findFirst().map(Sdp::connectionAddressOf);
    }

    static String connectionAddressOf(String cLine) {
        String[] parts = cLine.substring(2).trim().split("\\s+");
        String address = parts.length >= 3 ? parts[2] : "";
        int slash = address.indexOf('/');
        return slash < 0 ? address : address.substring(0, slash);
    }

    static String join(List<String> session, List<List<String>> media) {
        StringBuilder out = new StringBuilder();
        session.forEach(l -> out.append(l).append("\r\n"));
        media.forEach(m -> m.forEach(l -> out.append(l).append("\r\n")));
        return out.toString();
    }

    @Override
    public String toString() {
        List<List<String>> sections = new ArrayList<>();
        media.forEach(m -> sections.add(m.lines));
        return join(session, sections);
    }

    private static MediaException parseError(String message) {
        return new MediaException(ErrorCode.SDP_PARSE_ERROR, message);
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
