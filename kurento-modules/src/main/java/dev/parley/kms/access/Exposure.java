package dev.parley.kms.access;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The rule that a server listening beyond loopback needs a secret: on loopback only programs on
 * this machine reach the port (and browsers are held off by the Origin check), but any other
 * address lets the network in, and then the secret is the only thing that keeps it out.
 */
public final class Exposure {
    private Exposure() {
    }

    /** True for 127.0.0.0/8 and ::1 (and names that resolve only there, e.g. {@code localhost}). */
    public static boolean isLoopback(String bindAddress) {
        try {
            for (InetAddress address : InetAddress.getAllByName(bindAddress.trim())) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bindAddress '" + bindAddress + "' is not an address: " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when {@code bindAddress} is beyond loopback and no secret is set */
    public static void requireSecretBeyondLoopback(String bindAddress, SharedSecret secret) {
        if (!secret.isSet() && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("bindAddress " + bindAddress + " is reachable beyond this machine, so a secret"
                    + " is required: set secretFile (or secret, or the environment variable " + SecretSources.ENV + ")"
                    + " and give Parley the url with ?secret=...; or listen on 127.0.0.1");
        }
    }
}
