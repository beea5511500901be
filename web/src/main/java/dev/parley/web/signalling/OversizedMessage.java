package dev.parley.web.signalling;

/**
 * Recognises the container's "this message is too large" errors (Tyrus, in Payara 6) without a
 * compile dependency on Tyrus: its MessageTooBigException by name (what onError receives), and
 * the IllegalArgumentException ("Buffer overflow.") or IOException ("Tyrus input buffer
 * exceeded...") it raises for a frame larger than its input buffer, should a container version
 * pass those to onError (Tyrus 2.1.5 handles them itself, with 1011). Anything else is a real failure.
 */
final class OversizedMessage {

    private static final String TYRUS_TOO_BIG = "org.glassfish.tyrus.core.MessageTooBigException";

    private OversizedMessage() {
    }

    static boolean is(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().equals(TYRUS_TOO_BIG)) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (t instanceof IllegalArgumentException && message.equals("Buffer overflow.")
                    || t instanceof java.io.IOException && message.startsWith("Tyrus input buffer exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
