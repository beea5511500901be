package dev.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests' coturn (src/test/payara/turn-server.sh, verbose) says it relayed: when an
 * allocation ends it logs {@code peer usage: realm=<parley>, username=<...>, rp=, rb=, sp=, sb=},
 * the packets and bytes received from and sent to the peers (here the media server).
 */
final class TurnServerLog {

    private static final Pattern PEER_USAGE = Pattern.compile(
            "peer usage: realm=<[^>]*>, username=<([^>]*)>, rp=(\\d+), rb=(\\d+), sp=(\\d+), sb=(\\d+)");

    /** Traffic between a relay and its peers: bytes received from them and sent to them. */
    record PeerUsage(String username, long packetsFromPeers, long bytesFromPeers, long packetsToPeers, long bytesToPeers) {
    }

    private final Path log;

    TurnServerLog(Path log) {
        this.log = log;
    }

    /** The log the failsafe configuration names (arquillian/pom.xml, parley.turnLog). */
    static TurnServerLog ofTestDomain() {
        return new TurnServerLog(Path.of(System.getProperty("parley.turnLog", "target/turn-server/turnserver.log")));
    }

    /**
     * The summed peer usage of the ended allocations whose TURN username names {@code tokenId}
     * (Parley's usernames are {@code <expiry>:<token id>-<connection>}), as soon as it shows at least
     * {@code minPackets} each way, else what there is at the timeout (allocations end when the
     * browser releases them after hang-up; the browser may have made more than one).
     */
    PeerUsage awaitPeerUsageOf(String tokenId, long minPackets, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            PeerUsage usage = peerUsageOf(tokenId).orElse(new PeerUsage("(none)", 0, 0, 0, 0));
            if ((usage.packetsFromPeers() >= minPackets && usage.packetsToPeers() >= minPackets) || System.nanoTime() > end) {
                return usage;
            }
            Thread.sleep(250);
        }
    }

    Optional<PeerUsage> peerUsageOf(String tokenId) throws IOException {
        if (!Files.exists(log)) {
            throw new IOException("no coturn log at " + log + ": did turn-server.sh start?");
        }
        PeerUsage sum = null;
        Matcher m = PEER_USAGE.matcher(Files.readString(log));
        while (m.find()) {
            String user = m.group(1);
            if (!user.contains(":" + tokenId + "-")) {
                continue;
            }
            sum = new PeerUsage(user, Long.parseLong(m.group(2)) + (sum == null ? 0 : sum.packetsFromPeers()),
                    Long.parseLong(m.group(3)) + (sum == null ? 0 : sum.bytesFromPeers()),
                    Long.parseLong(m.group(4)) + (sum == null ? 0 : sum.packetsToPeers()),
                    Long.parseLong(m.group(5)) + (sum == null ? 0 : sum.bytesToPeers()));
        }
        return Optional.ofNullable(sum);
    }
}
