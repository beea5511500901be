package dev.parley.kms.elements;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Which uris a PlayerEndpoint may read, and what GStreamer is then given.
 *
 * <p>As KMS's UriEndpoint: {@code %2F} reads as {@code /}, and a uri without a scheme is a path
 * under {@code defaultPath} plus {@code /}. Local files are confined to the recording roots, as
 * recordings are: a client of the Kurento port must not make the server read (and send as audio,
 * or probe by its errors) any file its user can read. The file is judged where it really is
 * (symbolic links followed), and that real path is what the player opens. {@code http(s)://} is
 * passed on as given (KMS fetches any host too). Every other scheme is refused, including the
 * GStreamer ones that read local data another way ({@code fd://}, {@code data:}, …).
 */
public final class PlayerUri {
    private static final Logger LOG = System.getLogger(PlayerUri.class.getName());

    private PlayerUri() {
    }

    /**
     * The uri GStreamer reads for a player created with {@code uri}.
     *
     * @throws KurentoException 40107 MEDIA_OBJECT_ILLEGAL_PARAM_ERROR, the code RecorderEndpoint
     *                          gives for a uri outside the roots
     */
    public static String resolve(String uri, String defaultPath, RecordingRoots roots) {
        String text = uri.replace("%2F", "/").replace("%2f", "/");
        if (text.isBlank()) {
            throw illegal("the player uri is empty");
        }
        String scheme = scheme(text);
        if (scheme == null) {
            String base = defaultPath.endsWith("/") ? defaultPath : defaultPath + "/";
            return resolve(base + (text.startsWith("/") ? text.substring(1) : text), RecorderUri.KMS_DEFAULT_PATH, roots);
        }
        if (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) {
            return http(text, uri);
        }
        if (!scheme.equalsIgnoreCase("file")) {
            throw illegal("player uri '" + uri + "': this media server plays file://, http(s):// and relative uris, not "
                    + scheme + "://");
        }
        return confine(localFile(text, uri), uri, roots).toUri().toString();
    }

    private static String http(String text, String uri) {
        try {
            URI parsed = new URI(text);
            if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
                throw illegal("player uri '" + uri + "' names no host");
            }
            return parsed.toString();
        } catch (URISyntaxException e) {
            throw illegal("player uri '" + uri + "' is not a valid uri: " + e.getMessage());
        }
    }

    private static Path localFile(String text, String uri) {
        try {
            URI parsed = new URI(text.replace(" ", "%20"));
            String host = parsed.getRawAuthority();
            if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                throw illegal("player uri '" + uri + "' names another host; only local files are read");
            }
            if (parsed.getPath() == null || parsed.getPath().isEmpty()) {
                throw illegal("player uri '" + uri + "' names no file");
            }
            return Path.of(parsed.getPath()).normalize();
        } catch (URISyntaxException | java.nio.file.InvalidPathException e) {
            throw illegal("player uri '" + uri + "' is not a valid uri: " + e.getMessage());
        }
    }

    /** The file's real path, when it lies strictly under a root (a missing file is judged by its real parent). */
    private static Path confine(Path file, String uri, RecordingRoots roots) {
        Path target = RecordingRoots.realLocation(file);
        if (target != null) {
            for (Path root : roots.roots()) {
                Path realRoot = RecordingRoots.realLocation(root);
                if (realRoot != null && target.startsWith(realRoot) && !target.equals(realRoot)) {
                    return target;
                }
            }
        }
        LOG.log(Level.WARNING, () -> ("refused a PlayerEndpoint reading " + (target == null ? file : target) + " (uri '"
                + uri + "'): not under a recording root " + roots.roots()).replaceAll("\\p{Cntrl}", "?"));
        throw illegal("player uri '" + uri + "' is outside the directories this media server reads and records"
                + " (its recordingRoots setting)");
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
