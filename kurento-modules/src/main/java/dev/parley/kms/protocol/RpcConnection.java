package dev.parley.kms.protocol;

/** The client connection a request came in on, and the session it is tied to (null before the first). */
public interface RpcConnection {
    String sessionId();

    /** Ties the connection to the session of a successful result (KMS re-ties with a warning if it differs). */
    void tie(String sessionId);
}
