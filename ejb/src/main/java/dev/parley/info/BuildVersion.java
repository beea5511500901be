package dev.parley.info;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version this build was packaged as, from the Maven descriptor every packaged module carries
 * ({@code META-INF/maven/<groupId>/<artifactId>/pom.properties}).
 */
public final class BuildVersion {

    static final String DESCRIPTOR = "/META-INF/maven/dev.parley/parley-ejb/pom.properties";
    /** Reported when running from unpackaged classes (unit tests, an IDE). */
    static final String UNPACKAGED = "unpackaged";

    private BuildVersion() {
    }

    public static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(DESCRIPTOR)) {
            if (in == null) {
                return UNPACKAGED;
            }
            Properties descriptor = new Properties();
            descriptor.load(in);
            return descriptor.getProperty("version", UNPACKAGED);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DESCRIPTOR, e);
        }
    }
}
