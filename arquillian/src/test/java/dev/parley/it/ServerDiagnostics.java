package dev.parley.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the servers under test were doing when a test gave up waiting for them: the stacks of their
 * threads that run Parley's code or serve HTTP, and the end of Payara Server's log. A CI run keeps
 * only its console, so a wait that times out prints this there instead of only "no answer".
 */
public final class ServerDiagnostics {

    private static final int LOG_LINES = 60;
    private static final int MAX_FRAMES = 25;

    private ServerDiagnostics() {
    }

    /** Prints the diagnostics to standard output, headed by {@code why}; never throws. */
    public static void print(String why) {
        StringBuilder out = new StringBuilder("---- server diagnostics: ").append(why).append(" ----\n");
        try {
            for (String jvm : run(List.of("jcmd", "-l")).split("\n")) {
                if (jvm.contains("ASMain") || jvm.contains("payara-micro")) {
                    String pid = jvm.strip().split("\\s+")[0];
                    out.append("threads of ").append(jvm.strip(), 0, Math.min(jvm.strip().length(), 160)).append('\n');
                    out.append(parleyThreadsOf(Long.parseLong(pid)));
                }
            }
        } catch (IOException | RuntimeException e) {
            out.append("no thread dump: ").append(e).append('\n');
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String home = System.getProperty("parley.payaraHome");
        if (home != null) {
            Path log = Path.of(home, "glassfish", "domains", "domain1", "logs", "server.log");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                out.append("last ").append(LOG_LINES).append(" lines of ").append(log).append('\n');
                lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append("no server.log: ").append(e).append('\n');
            }
        }
        System.out.println(out.append("---- end of server diagnostics ----"));
    }

    /** The threads of the JVM {@code pid} that run Parley's code or serve HTTP, from its thread dump. */
    static String parleyThreadsOf(long pid) throws IOException, InterruptedException {
        return parleyThreads(run(List.of("jcmd", Long.toString(pid), "Thread.print")));
    }

    /** The threads whose stacks hold Parley's code, or that serve HTTP and WebSocket messages; each cut to its top frames. */
    static String parleyThreads(String dump) {
        StringBuilder kept = new StringBuilder();
        for (String thread : dump.split("\n\n")) {
            if (thread.contains("dev.parley") || thread.startsWith("\"http-thread-pool")) {
                String[] lines = thread.split("\n");
                for (int i = 0; i < Math.min(lines.length, MAX_FRAMES + 2); i++) {
                    kept.append(lines[i]).append('\n');
                }
                kept.append('\n');
            }
        }
        return kept.toString();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }
}
