package dev.parley.web.admin;

/**
 * One satisfiable byte range of a resource, parsed from an HTTP {@code Range} header (RFC 9110
 * 14.1.2): {@code bytes=first-last}, {@code bytes=first-} or the suffix {@code bytes=-count}.
 * Only single ranges are served; a multi-range request gets the whole resource.
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
public record ByteRange(long first, long last) {

    /** The range cannot be served for a resource of this length (HTTP 416). */
    public static final class Unsatisfiable extends Exception {

        private static final long serialVersionUID = 1L;
        public Unsatisfiable(String message) {
            super(message);
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /**
     * @return the range, or null when the whole resource should be sent (no header, an unknown
     * unit, several ranges, or syntax this parser ignores as RFC 9110 allows)
     * @throws Unsatisfiable when the range lies beyond the resource
     */
    public static ByteRange parse(String header, long total) throws Unsatisfiable {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = value.substring(6).strip();
        if (spec.contains(",")) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String from = spec.substring(0, dash).strip();
        String to = spec.substring(dash + 1).strip();
        try {
            if (from.isEmpty()) {
                long suffix = Long.parseLong(to);
                if (suffix <= 0 || total == 0) {
                    throw new Unsatisfiable("the suffix range " + spec + " selects nothing of " + total + " bytes");
                }
                return new ByteRange(Math.max(0, total - suffix), total - 1);
            }
            long first = Long.parseLong(from);
            long last = to.isEmpty() ? Long.MAX_VALUE : Long.parseLong(to);
            if (first < 0 || last < first) {
                return null; // syntactically invalid: ignored
            }
            if (first >= total) {
                throw new Unsatisfiable("the range starts at byte " + first + " but the recording has " + total + " bytes");
            }
            return new ByteRange(first, Math.min(last, total - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
