package dev.parley.kms.gst;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few GObject calls gst1-java-core does not expose for objects it has no Java class for. */
interface GLibNative extends Library {
    GLibNative GOBJECT = Native.load("gobject-2.0", GLibNative.class);

    void g_object_get(Pointer object, String property, Object... valueThenNull);

    void g_object_set(Pointer object, String property, Object... valueThenNull);

    void g_signal_emit_by_name(Pointer instance, String signal, Object... argsThenReturnLocation);

    Pointer g_object_ref(Pointer object);

    void g_object_unref(Pointer object);

    NativeLong g_signal_connect_data(Pointer instance, String signal, Callback handler, Pointer data,
                                     Pointer destroyData, int flags);

    void g_signal_handler_disconnect(Pointer instance, NativeLong handlerId);
}
