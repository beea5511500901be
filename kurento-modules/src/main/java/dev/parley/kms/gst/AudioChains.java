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
        return addEncoder(bin, inlet, null, codec, lowDelay);
    }

    /**
     * As above; with an {@code opus} input (for an Opus codec) the payloader also takes packets
     * passed through from an element that receives Opus, through a funnel: whichever input audio
     * comes from reaches the peer, and the encoder idles while none comes to it.
     */
    static Element addEncoder(Bin bin, AudioInlet inlet, AudioInlet opus, AudioCodec.Negotiated codec, boolean lowDelay) {
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
        if (opus == null || codec.codec() != AudioCodec.OPUS) {
            if (!Element.linkMany(inlet.element(), convert, resample, rawCaps, encoder, payloader)) {
                throw new IllegalStateException("cannot build the " + codec.codec() + " encoder");
            }
            return payloader;
        }
        Element funnel = ElementFactory.make("funnel", "enc-funnel");
        bin.addMany(opus.element(), funnel);
        if (!Element.linkMany(inlet.element(), convert, resample, rawCaps, encoder, funnel, payloader)
                || !opus.element().link(funnel)) {
            throw new IllegalStateException("cannot build the " + codec.codec() + " encoder");
        }
        return payloader;
    }

    /** What {@link #addDecoder} built: where RTP goes in, and the valve in front of the decoder (or null). */
    record Decoding(Element depayloader, Element decoderValve) {
        /** Decodes only while something needs the raw audio; a valve that drops costs nothing downstream. */
        void decode(boolean needed) {
            if (decoderValve != null) {
                decoderValve.set("drop", !needed);
            }
        }
    }

    /**
     * Adds {@code depayloader → decoder → convert → resample → appsink} to {@code bin} (which may be
     * playing) and returns the depayloader to link RTP into.
     */
    static Element addDecoder(Bin bin, AudioOutlet outlet, AudioCodec codec) {
        return addDecoder(bin, outlet, null, codec).depayloader();
    }

    /**
     * As above; for Opus with an {@code opus} output the depayloaded packets also go, as they are,
     * to that output, and a valve in front of the decoder lets them be decoded only while raw audio
     * is wanted ({@link Decoding#decode}; closed at first).
     */
    static Decoding addDecoder(Bin bin, AudioOutlet outlet, AudioOutlet opus, AudioCodec codec) {
        Element depayloader = ElementFactory.make(codec.depayloader, "depayloader");
        Element decoder = ElementFactory.make(codec.decoder, "decoder");
        Element convert = ElementFactory.make("audioconvert", "dec-convert");
        Element resample = ElementFactory.make("audioresample", "dec-resample");
        if (opus == null || codec != AudioCodec.OPUS) {
            Element[] chain = {depayloader, decoder, convert, resample};
            bin.addMany(chain);
            if (!Element.linkMany(depayloader, decoder, convert, resample, outlet.element())) {
                throw new IllegalStateException("cannot build the " + codec + " decoder");
            }
            syncAll(chain);
            return new Decoding(depayloader, null);
        }
        Element tee = ElementFactory.make("tee", "dec-tee");
        Element valve = ElementFactory.make("valve", "dec-valve");
        valve.set("drop", true);
        Element[] chain = {depayloader, tee, valve, decoder, convert, resample};
        bin.addMany(chain);
        bin.add(opus.element());
        if (!Element.linkMany(depayloader, tee, valve, decoder, convert, resample, outlet.element())
                || !tee.link(opus.element())) {
            throw new IllegalStateException("cannot build the " + codec + " decoder");
        }
        opus.element().syncStateWithParent();
        syncAll(chain);
        return new Decoding(depayloader, valve);
    }

    /** Downstream first, so no element pushes into one that is not yet playing. */
    private static void syncAll(Element[] chain) {
        for (int i = chain.length - 1; i >= 0; i--) {
            chain[i].syncStateWithParent();
        }
    }
}
