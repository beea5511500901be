package dev.parley.kms.elements;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * KMS's UriEndpoint rule for where a recording goes: {@code file://} URIs as given, relative URIs
 * under {@code defaultPath} (KMS: {@code file:///var/lib/kurento}) plus {@code /}, and
 * {@code %2F} read as {@code /}. HTTP uploads are not supported by this server.
 */
public final class RecorderUri {
    /** KMS's UriEndpoint.conf.ini default. */
    public static final String KMS_DEFAULT_PATH = "file:///var/lib/kurento";

    private RecorderUri() {
    }

    /** The file a recorder with {@code uri} writes, or 40107 naming what is wrong with it. */
    public static Path resolve(String uri, String defaultPath) {
        String text = uri.replace("%2F", "/").replace("%2f", "/");
        if (text.isBlank()) {
            throw illegal("the recorder uri is empty");
        }
        String scheme = scheme(text);
        if (scheme == null) {
            String base = defaultPath.endsWith("/") ? defaultPath : defaultPath + "/";
            return resolve(base + (text.startsWith("/") ? text.substring(1) : text), KMS_DEFAULT_PATH);
        }
        if (!scheme.equalsIgnoreCase("file")) {
            throw illegal("recorder uri '" + uri + "': only file:// and relative uris are supported by this media server, not "
                    + scheme + "://");
        }
        try {
            URI parsed = new URI(text.replace(" ", "%20"));
            String host = parsed.getRawAuthority();
            if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw illegal("recorder uri '" + uri + "' names another host; only local files are written");
            }
            if (parsed.getPath() == null || parsed.getPath().isEmpty()) {
                throw illegal("recorder uri '" + uri + "' names no file");
            }
            return Path.of(parsed.getPath()).normalize();
        } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
            throw illegal("recorder uri '" + uri + "' is not a valid uri: " + e.getMessage());
        }
    }

    private static String scheme(String text) {
        int colon = text.indexOf("://");
        if (colon <= 0) {
            return null;
        }
        String scheme = text.substring(0, colon);
        return scheme.matches("[A-Za-z][A-Za-z0-9+.-]*") ? scheme : null;
    }

    private static KurentoException illegal(String message) {
        return new KurentoException(ErrorCode.MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, message);
    }
}
