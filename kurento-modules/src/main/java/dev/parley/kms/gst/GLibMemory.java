package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** g_free, for strings GLib-based libraries hand over. */
interface GLibMemory extends Library {
    GLibMemory GLIB = Native.load("glib-2.0", GLibMemory.class);

    void g_free(Pointer memory);
}
