package dev.parley.web.signalling;

import java.util.List;

/** One entry of the browser's RTCConfiguration.iceServers; username and credential only for TURN. */
public record IceServer(List<String> urls, String username, String credential) {
}
