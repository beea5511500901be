package dev.parley.kms.gst;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;

import java.util.List;

/**
 * webrtcbin's libnice agent, reached through JNA: adds the local addresses to gather on and
 * reports component states, the selected pair and the end of gathering.
 */
final class NiceAgentLink implements AutoCloseable {
    /** libnice's NiceComponentState order; the names are Kurento's IceComponentState values. */
    private static final String[] STATES = {"DISCONNECTED", "GATHERING", "CONNECTING", "CONNECTED", "READY", "FAILED"};

    interface Listener {
        void componentState(int streamId, int componentId, String state);

        void selectedPair(int streamId, int componentId, String local, String remote);

        void gatheringDone(int streamId);
    }

    interface StateChanged extends Callback {
        void invoke(Pointer agent, int streamId, int componentId, int state, Pointer data);
    }

    interface PairSelected extends Callback {
        void invoke(Pointer agent, int streamId, int componentId, Pointer local, Pointer remote, Pointer data);
    }

    interface GatheringDone extends Callback {
        void invoke(Pointer agent, int streamId, Pointer data);
    }

    private final Pointer agent;
    private final NativeSignals signals = new NativeSignals();

    NiceAgentLink(Element webrtcbin) {
        PointerByReference ice = new PointerByReference();
        GLibNative.GOBJECT.g_object_get(Natives.getRawPointer(webrtcbin), "ice-agent", ice, null);
        if (ice.getValue() == null) {
            throw new IllegalStateException("webrtcbin has no ICE agent");
        }
        PointerByReference nice = new PointerByReference();
        GLibNative.GOBJECT.g_object_get(ice.getValue(), "agent", nice, null);
        GLibNative.GOBJECT.g_object_unref(ice.getValue());
        if (nice.getValue() == null) {
            throw new IllegalStateException("webrtcbin's ICE agent is not libnice");
        }
        agent = nice.getValue();
    }

    /** Restricts gathering to these addresses (libnice gathers on every non-loopback one otherwise). */
    void addLocalAddresses(List<String> addresses) {
        for (String address : addresses) {
            addLocalAddress(address);
        }
    }

    private void addLocalAddress(String text) {
        Pointer address = NiceNative.NICE.nice_address_new();
        try {
            if (!NiceNative.NICE.nice_address_set_from_string(address, text)
                    || !NiceNative.NICE.nice_agent_add_local_address(agent, address)) {
                throw new IllegalArgumentException("libnice refuses local address " + text);
            }
        } finally {
            NiceNative.NICE.nice_address_free(address);
        }
    }

    /** Whether TCP candidates are gathered (Kurento's iceTcp); applies to gathering not yet started. */
    void setIceTcp(boolean enabled) {
        GLibNative.GOBJECT.g_object_set(agent, "ice-tcp", enabled, null);
    }

    void listen(Listener listener) {
        signals.connect(agent, "component-state-changed", (StateChanged) (a, stream, component, state, d) ->
                listener.componentState(stream, component, state >= 0 && state < STATES.length ? STATES[state] : "FAILED"));
        signals.connect(agent, "new-selected-pair-full", (PairSelected) (a, stream, component, local, remote, d) ->
                listener.selectedPair(stream, component, candidateText(local), candidateText(remote)));
        signals.connect(agent, "candidate-gathering-done", (GatheringDone) (a, stream, d) ->
                listener.gatheringDone(stream));
    }

    private String candidateText(Pointer candidate) {
        Pointer sdp = NiceNative.NICE.nice_agent_generate_local_candidate_sdp(agent, candidate);
        if (sdp == null) {
            return "";
        }
        try {
            String line = sdp.getString(0);
            return line.startsWith("a=") ? line.substring(2) : line;
        } finally {
            GLibMemory.GLIB.g_free(sdp);
        }
    }

    @Override
    public void close() {
        signals.disconnectAll();
        GLibNative.GOBJECT.g_object_unref(agent);
    }
}
