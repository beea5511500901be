package dev.parley.kms.gst;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/** libnice calls webrtcbin does not offer: local addresses and candidate formatting. */
interface NiceNative extends Library {
    NiceNative NICE = Native.load("nice", NiceNative.class);

    Pointer nice_address_new();

    void nice_address_free(Pointer address);

    boolean nice_address_set_from_string(Pointer address, String text);

    boolean nice_agent_add_local_address(Pointer agent, Pointer address);

    /** Returns "a=candidate:…" for any candidate; free with g_free. */
    Pointer nice_agent_generate_local_candidate_sdp(Pointer agent, Pointer candidate);
}
