package dev.parley.rtp.sdp;

/** Which ways audio flows, seen from the bridge. */
public enum MediaDirection {
    SEND_RECEIVE, SEND_ONLY, RECEIVE_ONLY, INACTIVE;

    public boolean sends() {
        return this == SEND_RECEIVE || this == SEND_ONLY;
    }

    public boolean receives() {
        return this == SEND_RECEIVE || this == RECEIVE_ONLY;
    }

    /** The bridge's direction given the direction attribute the remote party wrote for itself. */
    static MediaDirection fromRemoteAttribute(String attribute) {
        return switch (attribute) {
            case "sendrecv" -> SEND_RECEIVE;
            case "sendonly" -> RECEIVE_ONLY; // the remote only sends, so the bridge only receives
            case "recvonly" -> SEND_ONLY;
            case "inactive" -> INACTIVE;
            default -> throw new IllegalArgumentException("not a direction attribute: " + attribute);
        };
    }
}
