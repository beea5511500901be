package dev.parley.kms.media;

/** What a WebRTC endpoint's engine reports beyond any element's media: its ICE agent's progress. */
public interface IceEventSink extends MediaEventSink {

    void iceCandidateFound(String candidate, String sdpMid, int sdpMLineIndex);

    void iceGatheringDone();

    /** {@code state} is a Kurento IceComponentState name: DISCONNECTED, GATHERING, CONNECTING, CONNECTED, READY, FAILED. */
    void iceComponentStateChanged(int streamId, int componentId, String state);

    void newCandidatePairSelected(String streamId, int componentId, String localCandidate, String remoteCandidate);
}
