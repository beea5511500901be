package dev.parley.kms.server;

import dev.parley.kms.access.SecretSources;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@link ServerConfig} from, lowest precedence first: defaults, a properties file
 * ({@code --config=FILE} or {@code -Dparley.kms.config=FILE}), system properties
 * {@code parley.kms.<key>}, and command-line arguments {@code --<key>=<value>}.
 * Unknown keys and bad values fail with a message naming the key. The secret may also come from
 * the environment ({@link SecretSources}).
 */
public final class ServerConfigLoader {
    public static final String SYSTEM_PREFIX = "parley.kms.";
    public static final List<String> KEYS = List.of("bindAddress", "port", "path", "networkInterfaces",
            "minPort", "maxPort", "stunServerAddress", "stunServerPort", "turnUrl", "externalIPv4",
            "externalIPv6", "garbageCollectorPeriodSeconds", "requestCacheSeconds", "disableRequestCache",
            "requestThreads", "recorderDefaultPath", "allowedOrigins", "secret", "secretFile", "recordingRoots");
    private static final String CONFIG_KEY = "config";

    private ServerConfigLoader() {
    }

    /** Without the environment (tests). */
    public static ServerConfig load(String[] args, Properties systemProperties) {
        return load(args, systemProperties, Map.of());
    }

    public static ServerConfig load(String[] args, Properties systemProperties, Map<String, String> environment) {
        Map<String, String> cli = parseArgs(args);
        Map<String, String> values = new LinkedHashMap<>();
        String file = cli.getOrDefault(CONFIG_KEY, systemProperties.getProperty(SYSTEM_PREFIX + CONFIG_KEY));
        if (file != null) {
            values.putAll(readFile(Path.of(file)));
        }
        for (String key : KEYS) {
            String v = systemProperties.getProperty(SYSTEM_PREFIX + key);
            if (v != null) {
                values.put(key, v);
            }
        }
        cli.remove(CONFIG_KEY);
        values.putAll(cli);
        return build(values, environment);
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not --<key>=<value>; keys: "
                        + CONFIG_KEY + ", " + String.join(", ", KEYS));
            }
            map.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return map;
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k).trim()));
        return map;
    }

    static ServerConfig build(Map<String, String> values, Map<String, String> environment) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + String.join(", ", KEYS));
            }
        }
        ServerConfig d = ServerConfig.defaults();
        Values v = new Values(values);
        return new ServerConfig(
                v.string("bindAddress", d.bindAddress()),
                v.integer("port", d.port()),
                v.string("path", d.path()),
                v.string("networkInterfaces", d.networkInterfaces()),
                v.integer("minPort", d.minPort()),
                v.integer("maxPort", d.maxPort()),
                v.string("stunServerAddress", d.stunServerAddress()),
                v.integer("stunServerPort", d.stunServerPort()),
                v.string("turnUrl", d.turnUrl()),
                v.string("externalIPv4", d.externalIPv4()),
                v.string("externalIPv6", d.externalIPv6()),
                v.seconds("garbageCollectorPeriodSeconds", d.garbageCollectorPeriod()),
                v.seconds("requestCacheSeconds", d.requestCacheTtl()),
                v.bool("disableRequestCache", d.disableRequestCache()),
                v.integer("requestThreads", d.requestThreads()),
                v.string("recorderDefaultPath", d.recorderDefaultPath()),
                v.string("allowedOrigins", d.allowedOrigins()),
                SecretSources.resolve(values.get("secret"), values.get("secretFile"), environment),
                v.string("recordingRoots", d.recordingRoots()));
    }

    private record Values(Map<String, String> map) {
        String string(String key, String fallback) {
            return map.getOrDefault(key, fallback);
        }

        int integer(String key, int fallback) {
            String s = map.get(key);
            if (s == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be an integer, not '" + s + "'");
            }
        }

        boolean bool(String key, boolean fallback) {
            String s = map.get(key);
            if (s == null) {
                return fallback;
            }
            if (!s.trim().equalsIgnoreCase("true") && !s.trim().equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("setting '" + key + "' must be true or false, not '" + s + "'");
            }
            return Boolean.parseBoolean(s.trim());
        }

        /** Seconds, decimals allowed (tests use sub-second garbage collection). */
        Duration seconds(String key, Duration fallback) {
            String s = map.get(key);
            if (s == null) {
                return fallback;
            }
            try {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.trim()) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting '" + key + "' must be a number of seconds, not '" + s + "'");
            }
        }
    }
}
