package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * KMS 7.1's Error events for a player (kmsplayerendpoint.c {@code bus_sync_signal_handler}, then
 * PlayerEndpointImpl and MediaElementImpl {@code processBusMessage}):
 * <ul>
 *   <li>an error from uridecodebin's source element (named {@code source}: filesrc, souphttpsrc),
 *       e.g. a missing file, a refused read or an HTTP 404: type {@code INVALID_URI}, errorCode 0,
 *       description "Invalid URI";</li>
 *   <li>an error from a {@code decodebin*} element (e.g. no decoder for the media): type
 *       {@code INVALID_MEDIA}, errorCode 0, description "Invalid Media";</li>
 *   <li>any other (typefind on a file that is no media, a demuxer or decoder failing): the
 *       GError's code, with the type named from its domain and code as for every element.</li>
 * </ul>
 */
final class PlayerErrors {
    /** GStreamer calls gst1-java-core has no wrapper for. */
    interface GstMessages extends Library {
        void gst_message_parse_error(Pointer message, PointerByReference error, PointerByReference debug);

        /** A newly allocated dot text of the bin's graph; free it with g_free. */
        Pointer gst_debug_bin_to_dot_data(Pointer bin, int details);
    }

    interface GLibErrors extends Library {
        String g_quark_to_string(int quark);

        void g_error_free(Pointer error);
    }

    static final GstMessages GST = Native.load("gstreamer-1.0", GstMessages.class);
    private static final GLibErrors GLIB = Native.load("glib-2.0", GLibErrors.class);

    // gsterror.h
    private static final String RESOURCE = "gst-resource-error-quark";
    private static final String STREAM = "gst-stream-error-quark";
    private static final int RESOURCE_OPEN_READ = 5;
    private static final int RESOURCE_OPEN_READ_WRITE = 7;
    private static final int RESOURCE_WRITE = 10;
    private static final int RESOURCE_NO_SPACE_LEFT = 14;
    private static final int STREAM_FAILED = 1;
    private static final int STREAM_DECODE = 7;

    /**
     * One Error event.
     *
     * @param detail what GStreamer said, for the log
     */
    record Report(String type, int errorCode, String description, String detail) {
    }

    private PlayerErrors() {
    }

    static Report invalidMedia() {
        return new Report("INVALID_MEDIA", 0, "Invalid Media", "no audio stream to play");
    }

    /** The Error event KMS sends for this GStreamer error message. */
    static Report of(Pointer errorMessage, String sourceName, String elementId) {
        PointerByReference error = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        GST.gst_message_parse_error(errorMessage, error, debug);
        String domain = "";
        int code = 0;
        String text = "";
        String debugText = null;
        try {
            Pointer e = error.getValue();
            if (e != null) {
                // GError: GQuark domain (guint32), gint code, gchar *message
                domain = String.valueOf(GLIB.g_quark_to_string(e.getInt(0)));
                code = e.getInt(4);
                Pointer m = e.getPointer(8);
                text = m == null ? "" : m.getString(0);
            }
            Pointer d = debug.getValue();
            debugText = d == null ? null : d.getString(0);
        } finally {
            if (error.getValue() != null) {
                GLIB.g_error_free(error.getValue());
            }
            if (debug.getValue() != null) {
                GLibMemory.GLIB.g_free(debug.getValue());
            }
        }
        return classify(sourceName, domain, code, text, debugText, elementId);
    }

    /** The mapping alone (pure, for tests). */
    static Report classify(String sourceName, String domain, int code, String text, String debugText, String elementId) {
        String detail = UriReader.redacted("Error code " + code + ": " + text + ", source: " + sourceName
                + ", element: " + elementId + (debugText == null ? "" : ", debug info: " + debugText));
        if (sourceName.startsWith("decodebin")) {
            return new Report("INVALID_MEDIA", 0, "Invalid Media", detail);
        }
        if (sourceName.equals("source")) {
            return new Report("INVALID_URI", 0, "Invalid URI", detail);
        }
        return new Report(elementErrorType(domain, code), code, detail, detail);
    }

    /** MediaElementImpl's names for GError domains and codes. */
    static String elementErrorType(String domain, int code) {
        if (RESOURCE.equals(domain)) {
            if (code >= RESOURCE_OPEN_READ && code <= RESOURCE_OPEN_READ_WRITE) {
                return "RESOURCE_ERROR_OPEN";
            }
            if (code == RESOURCE_WRITE) {
                return "RESOURCE_ERROR_WRITE";
            }
            if (code == RESOURCE_NO_SPACE_LEFT) {
                return "RESOURCE_ERROR_NO_SPACE_LEFT";
            }
        } else if (STREAM.equals(domain)) {
            if (code == STREAM_FAILED) {
                return "STREAM_ERROR_FAILED";
            }
            if (code == STREAM_DECODE) {
                return "STREAM_ERROR_DECODE";
            }
        }
        return "UNEXPECTED_ELEMENT_ERROR";
    }
}
