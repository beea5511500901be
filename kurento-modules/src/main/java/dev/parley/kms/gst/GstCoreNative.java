package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The GStreamer calls webrtcbin negotiation needs, made directly. gst1-java-core's SDPMessage and
 * WebRTCSessionDescription wrappers free SDP memory that webrtcbin's session description still
 * owns (seen: SIGSEGV in gst_sdp_message_free from the GC cleaner), and its Promise.getReply()
 * fails on the legal empty reply of set-*-description.
 */
interface GstCoreNative extends Library {
    GstCoreNative CORE = Native.load("gstreamer-1.0", GstCoreNative.class);
    Sdp SDP = Native.load("gstsdp-1.0", Sdp.class);
    WebRtc WEBRTC = Native.load("gstwebrtc-1.0", WebRtc.class);
    int PROMISE_REPLIED = 2;

    Pointer gst_promise_new();

    /** GstPromiseResult: 0 pending, 1 interrupted, 2 replied, 3 expired. */
    int gst_promise_wait(Pointer promise);

    /** NULL when the promise was replied without a structure (set-*-description success). */
    Pointer gst_promise_get_reply(Pointer promise);

    void gst_mini_object_unref(Pointer miniObject);

    boolean gst_structure_has_field(Pointer structure, String field);

    boolean gst_structure_get(Pointer structure, String field, Object... typeValueThenNull);

    Pointer gst_structure_to_string(Pointer structure);

    /** The element's factory (transfer none), or NULL. */
    Pointer gst_element_get_factory(Pointer element);

    /** A copy of the object's name, to be freed with g_free (gst_plugin_feature_get_name is a macro). */
    Pointer gst_object_get_name(Pointer object);

    interface Sdp extends Library {
        int gst_sdp_message_new(PointerByReference message);

        int gst_sdp_message_parse_buffer(byte[] data, int size, Pointer message);

        Pointer gst_sdp_message_as_text(Pointer message);
    }

    interface WebRtc extends Library {
        /** Takes ownership of {@code sdp}. */
        Pointer gst_webrtc_session_description_new(int type, Pointer sdp);

        void gst_webrtc_session_description_free(Pointer description);

        NativeLong gst_webrtc_session_description_get_type();
    }
}
