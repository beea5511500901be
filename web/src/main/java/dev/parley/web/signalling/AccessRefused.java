package dev.parley.web.signalling;

/** {@link AccessGate} refused a connection; the error is sent to the client before the socket closes with 1008. */
final class AccessRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SignallingError error;

    AccessRefused(String code, String message) {
        super(code + ": " + message, null, false, false);
        this.error = new SignallingError(code, message);
    }

    SignallingError error() {
        return error;
    }
}
