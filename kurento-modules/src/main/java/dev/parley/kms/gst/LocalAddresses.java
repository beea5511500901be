package dev.parley.kms.gst;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses media may use, from the configured list of interface names or addresses (or every
 * up interface when the list is empty). 127.0.0.1 is always included: libnice never offers
 * loopback on its own, and on a loopback-only host (CI, tests) it would gather nothing at all.
 */
final class LocalAddresses {
    private static final String LOOPBACK = "127.0.0.1";

    private LocalAddresses() {
    }

    static List<String> resolve(List<String> configured) {
        Set<String> out = new LinkedHashSet<>();
        try {
            if (configured.isEmpty()) {
                for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (nif.isUp() && !nif.isLoopback()) {
                        addUsable(nif, out);
                    }
                }
            } else {
                for (String entry : configured) {
                    String name = entry.trim();
                    if (name.isEmpty()) {
                        continue;
                    }
                    NetworkInterface nif = NetworkInterface.getByName(name);
                    if (nif != null) {
                        addUsable(nif, out);
                    } else {
                        out.add(literal(name));
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        out.add(LOOPBACK);
        return new ArrayList<>(out);
    }

    /** The first non-loopback IPv4 address, else 127.0.0.1 (an RtpEndpoint's c= address). */
    static String firstIpv4(List<String> addresses) {
        return addresses.stream()
                .filter(a -> a.indexOf(':') < 0 && !a.startsWith("127."))
                .findFirst().orElse(LOOPBACK);
    }

    /** The first non-loopback IPv6 address, else ::1 (an IPv6 RtpEndpoint's c= address). */
    static String firstIpv6(List<String> addresses) {
        return addresses.stream().filter(a -> a.indexOf(':') >= 0).findFirst().orElse("::1");
    }

    private static void addUsable(NetworkInterface nif, Set<String> out) {
        for (InetAddress address : Collections.list(nif.getInetAddresses())) {
            if (address instanceof Inet4Address) {
                out.add(address.getHostAddress());
            } else if (address instanceof Inet6Address v6 && !v6.isLinkLocalAddress() && !v6.isLoopbackAddress()) {
                String text = v6.getHostAddress();
                int scope = text.indexOf('%');
                out.add(scope < 0 ? text : text.substring(0, scope));
            }
        }
    }

    private static String literal(String text) {
        if (!text.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("network interface '" + text + "' does not exist and is not an IP address");
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("network interface '" + text + "' is not a valid IP address", e);
        }
    }
}
