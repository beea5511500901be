package dev.parley.kms.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the shared secret comes from: the {@code secret} setting, a {@code secretFile} (its
 * content, surrounding whitespace trimmed), or the environment variable {@value #ENV}, in that
 * order. A file or the environment keep the secret out of {@code ps} and shell history.
 */
public final class SecretSources {
    public static final String ENV = "PARLEY_KMS_SECRET";

    private SecretSources() {
    }

    /**
     * @param secret     the {@code secret} setting, or null
     * @param secretFile the {@code secretFile} setting, or null
     * @param env        the process environment
     */
    public static SharedSecret resolve(String secret, String secretFile, Map<String, String> env) {
        if (secret != null && secretFile != null) {
            throw new IllegalArgumentException("set either 'secret' or 'secretFile', not both");
        }
        if (secret != null) {
            return ofSetting("secret", secret);
        }
        if (secretFile != null) {
            return ofSetting("secretFile", read(Path.of(secretFile.trim())));
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isEmpty() ? SharedSecret.none() : ofSetting(ENV, fromEnv);
    }

    private static SharedSecret ofSetting(String source, String value) {
        try {
            return SharedSecret.of(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + source + "': " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("setting 'secretFile': cannot read " + file + ": " + e);
        }
    }
}
