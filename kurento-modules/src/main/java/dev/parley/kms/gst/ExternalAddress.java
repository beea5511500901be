package dev.parley.kms.gst;

/** KMS's externalIPv4/externalIPv6: the address of host candidates of that family is replaced. */
final class ExternalAddress {
    private static final int ADDRESS = 4;
    private static final int TYPE = 7;

    private ExternalAddress() {
    }

    static String apply(String candidate, String externalIPv4, String externalIPv6) {
        String[] parts = candidate.split(" ");
        if (parts.length <= TYPE || !parts[TYPE].equals("host")) {
            return candidate;
        }
        boolean v6 = parts[ADDRESS].indexOf(':') >= 0;
        String replacement = v6 ? externalIPv6 : externalIPv4;
        if (replacement == null || replacement.isEmpty()) {
            return candidate;
        }
        parts[ADDRESS] = replacement;
        return String.join(" ", parts);
    }
}
