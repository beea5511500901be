package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** GIO sockets, bound without SO_REUSEADDR so that a port in use is really refused. */
interface GioNative extends Library {
    GioNative GIO = Native.load("gio-2.0", GioNative.class);
    int FAMILY_IPV4 = 2;
    int FAMILY_IPV6 = 10;
    int TYPE_DATAGRAM = 2;
    int PROTOCOL_UDP = 17;

    Pointer g_socket_new(int family, int type, int protocol, PointerByReference error);

    Pointer g_inet_socket_address_new_from_string(String address, int port);

    boolean g_socket_bind(Pointer socket, Pointer address, boolean allowReuse, PointerByReference error);

    boolean g_socket_close(Pointer socket, PointerByReference error);

    void g_error_free(Pointer error);
}
