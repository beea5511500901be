package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/** The GLib and GStreamer calls that read an RTP session's sources and their stats structures. */
interface RtpStatsNative {
    GObject GOBJECT = Native.load("gobject-2.0", GObject.class);
    Gst GST = Native.load("gstreamer-1.0", Gst.class);

    interface GObject extends Library {
        /** GValueArray is deprecated in GLib but is what RTPSession's "sources" property holds. */
        Pointer g_value_array_get_nth(Pointer array, int index);

        void g_value_array_free(Pointer array);

        Pointer g_value_get_object(Pointer value);
    }

    interface Gst extends Library {
        /** A new reference, or NULL. */
        Pointer gst_bin_get_by_name(Pointer bin, String name);

        void gst_object_unref(Pointer object);

        boolean gst_structure_get_uint64(Pointer structure, String field, LongByReference value);

        boolean gst_structure_get_uint(Pointer structure, String field, IntByReference value);

        boolean gst_structure_get_int(Pointer structure, String field, IntByReference value);

        boolean gst_structure_get_boolean(Pointer structure, String field, IntByReference value);

        Pointer gst_structure_to_string(Pointer structure);

        void gst_structure_free(Pointer structure);
    }
}
