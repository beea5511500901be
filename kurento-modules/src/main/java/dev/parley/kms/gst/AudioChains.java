package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Bin;
import org.freedesktop.gstreamer.Caps;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.ElementFactory;

/** Builds the encode (raw → RTP) and decode (RTP → raw) chains endpoints put around their transport. */
final class AudioChains {
    /** 20 ms packets, what browsers and SIP peers send. */
    private static final long PACKET_NANOS = 20_000_000L;

    private AudioChains() {
    }

    /**
     * opusenc's "restricted-lowdelay" application (OPUS_APPLICATION_RESTRICTED_LOWDELAY): CELT only,
     * 2.5 ms of encoder look-ahead instead of 6.5 ms. The look-ahead is a fixed delay of the audio in
     * the encoded stream (measured through opusenc, rtpopuspay, rtpopusdepay and opusdec: a tone
     * burst came out 6.52 ms late with the default "generic" application, 2.54 ms with this one).
     */
    private static final int OPUS_RESTRICTED_LOWDELAY = 2051;

    /**
     * Adds {@code appsrc → convert → resample → encoder → payloader} to {@code bin} and returns
     * the payloader, whose src pad carries RTP with the negotiated payload type.
     *
     * @param lowDelay encode Opus with the least look-ahead (4 ms less delay, no SILK layer): for a
     *                 stream a person listens to in conversation, where every millisecond before the
     *                 agent is heard, or stops being heard after a barge-in, counts
     */
    static Element addEncoder(Bin bin, AudioInlet inlet, AudioCodec.Negotiated codec, boolean lowDelay) {
        Element convert = ElementFactory.make("audioconvert", "enc-convert");
        Element resample = ElementFactory.make("audioresample", "enc-resample");
        Element rawCaps = ElementFactory.make("capsfilter", "enc-caps");
        rawCaps.set("caps", new Caps(codec.codec().encoderInputCaps()));
        Element encoder = ElementFactory.make(codec.codec().encoder, "encoder");
        if (lowDelay && codec.codec() == AudioCodec.OPUS) {
            encoder.set("audio-type", OPUS_RESTRICTED_LOWDELAY);
        }
        Element payloader = ElementFactory.make(codec.codec().payloader, "payloader");
        payloader.set("pt", codec.payloadType());
        if (codec.codec() == AudioCodec.PCMU) {
            // rtpbaseaudiopay otherwise fills packets up to the MTU: 175 ms of PCMU per packet.
            payloader.set("max-ptime", PACKET_NANOS);
        }
        bin.addMany(convert, resample, rawCaps, encoder, payloader);
        if (!Element.linkMany(inlet.element(), convert, resample, rawCaps, encoder, payloader)) {
            throw new IllegalStateException("cannot build the " + codec.codec() + " encoder");
        }
        return payloader;
    }

    /**
     * Adds {@code depayloader → decoder → convert → resample → appsink} to {@code bin} (which may be
     * playing) and returns the depayloader to link RTP into.
     */
    static Element addDecoder(Bin bin, AudioOutlet outlet, AudioCodec codec) {
        Element depayloader = ElementFactory.make(codec.depayloader, "depayloader");
        Element decoder = ElementFactory.make(codec.decoder, "decoder");
        Element convert = ElementFactory.make("audioconvert", "dec-convert");
        Element resample = ElementFactory.make("audioresample", "dec-resample");
        Element[] chain = {depayloader, decoder, convert, resample};
        bin.addMany(chain);
        if (!Element.linkMany(depayloader, decoder, convert, resample, outlet.element())) {
            throw new IllegalStateException("cannot build the " + codec + " decoder");
        }
        for (int i = chain.length - 1; i >= 0; i--) {
            chain[i].syncStateWithParent();
        }
        return depayloader;
    }
}
