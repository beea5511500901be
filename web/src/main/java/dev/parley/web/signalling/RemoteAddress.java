package dev.parley.web.signalling;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The peer address of a WebSocket connection. Jakarta WebSocket 2.1 has no API for it; Tyrus (the
 * implementation in Payara 6) has {@code TyrusSession#getRemoteAddr()}. It is looked up by name so
 * that Parley needs no compile dependency on Tyrus internals; another implementation yields null.
 */
final class RemoteAddress {

    private static final System.Logger LOG = System.getLogger(RemoteAddress.class.getName());
    private static final MethodType GETTER = MethodType.methodType(String.class);

    private RemoteAddress() {
    }

    static String of(Session session) {
        if (session == null) {
            return null;
        }
        try {
            MethodHandle getter = MethodHandles.publicLookup().findVirtual(session.getClass(), "getRemoteAddr", GETTER);
            return (String) getter.invoke(session);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} has no public getRemoteAddr(): the client address stays unknown",
                    session.getClass().getName());
            return null;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.DEBUG, "reading the client address failed", e);
            return null;
        }
    }
}
