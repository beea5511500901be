package dev.parley.kms.gst;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaException;

import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.webrtc.WebRTCBin;

import java.nio.charset.StandardCharsets;

/**
 * webrtcbin's promise-based actions as plain blocking calls, on native pointers throughout (see
 * {@link GstCoreNative} for why). The promise is awaited on the calling thread, never on
 * webrtcbin's own (media-engine-notes: callback-style promises were lost to the GC).
 */
final class WebRtcBinCalls {
    static final int OFFER = 1;
    static final int ANSWER = 3;
    /** GstWebRTCSessionDescription: {GstWebRTCSDPType type; GstSDPMessage *sdp;}. */
    private static final long SDP_FIELD_OFFSET = Native64.POINTER_SIZE;

    private WebRtcBinCalls() {
    }

    static String createOffer(WebRTCBin webrtc) {
        return create(webrtc, "create-offer", "offer", ErrorCode.SDP_END_POINT_GENERATE_OFFER_ERROR);
    }

    static String createAnswer(WebRTCBin webrtc) {
        return create(webrtc, "create-answer", "answer", ErrorCode.SDP_END_POINT_PROCESS_OFFER_ERROR);
    }

    static void setLocal(WebRTCBin webrtc, int type, String sdp, ErrorCode error) {
        apply(webrtc, "set-local-description", type, sdp, error);
    }

    static void setRemote(WebRTCBin webrtc, int type, String sdp, ErrorCode error) {
        apply(webrtc, "set-remote-description", type, sdp, error);
    }

    private static String create(WebRTCBin webrtc, String action, String field, ErrorCode error) {
        Pointer promise = GstCoreNative.CORE.gst_promise_new();
        try {
            GLibNative.GOBJECT.g_signal_emit_by_name(Natives.getRawPointer(webrtc), action, null, promise);
            Pointer reply = await(promise, action, error);
            PointerByReference description = new PointerByReference();
            NativeLong type = GstCoreNative.WEBRTC.gst_webrtc_session_description_get_type();
            if (reply == null || !GstCoreNative.CORE.gst_structure_get(reply, field, type, description, null)) {
                throw new MediaException(error, "webrtcbin " + action + " gave no " + field + describe(reply));
            }
            try {
                Pointer sdp = description.getValue().getPointer(SDP_FIELD_OFFSET);
                return takeString(GstCoreNative.SDP.gst_sdp_message_as_text(sdp));
            } finally {
                GstCoreNative.WEBRTC.gst_webrtc_session_description_free(description.getValue());
            }
        } finally {
            GstCoreNative.CORE.gst_mini_object_unref(promise);
        }
    }

    private static void apply(WebRTCBin webrtc, String action, int type, String sdpText, ErrorCode error) {
        PointerByReference message = new PointerByReference();
        GstCoreNative.SDP.gst_sdp_message_new(message);
        byte[] bytes = sdpText.getBytes(StandardCharsets.UTF_8);
        GstCoreNative.SDP.gst_sdp_message_parse_buffer(bytes, bytes.length, message.getValue());
        Pointer description = GstCoreNative.WEBRTC.gst_webrtc_session_description_new(type, message.getValue());
        Pointer promise = GstCoreNative.CORE.gst_promise_new();
        try {
            GLibNative.GOBJECT.g_signal_emit_by_name(Natives.getRawPointer(webrtc), action, description, promise);
            Pointer reply = await(promise, action, error);
            if (reply != null && GstCoreNative.CORE.gst_structure_has_field(reply, "error")) {
                throw new MediaException(error, "webrtcbin refused the description" + describe(reply));
            }
        } finally {
            GstCoreNative.CORE.gst_mini_object_unref(promise);
            GstCoreNative.WEBRTC.gst_webrtc_session_description_free(description);
        }
    }

    private static Pointer await(Pointer promise, String action, ErrorCode error) {
        int result = GstCoreNative.CORE.gst_promise_wait(promise);
        if (result != GstCoreNative.PROMISE_REPLIED) {
            throw new MediaException(error, "webrtcbin " + action + " ended without a reply (" + result + ")");
        }
        return GstCoreNative.CORE.gst_promise_get_reply(promise);
    }

    private static String describe(Pointer structure) {
        return structure == null ? "" : ": " + takeString(GstCoreNative.CORE.gst_structure_to_string(structure));
    }

    private static String takeString(Pointer text) {
        try {
            return text.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            GLibMemory.GLIB.g_free(text);
        }
    }

    private static final class Native64 {
        static final long POINTER_SIZE = com.sun.jna.Native.POINTER_SIZE;
    }
}
