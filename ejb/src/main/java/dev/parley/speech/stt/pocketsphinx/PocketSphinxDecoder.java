package dev.parley.speech.stt.pocketsphinx;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.parley.speech.SpeechException;

/**
 * One native pocketsphinx decoder. Not thread-safe: one utterance at a time, on one thread.
 *
 * <p>Results depend only on the utterance's own audio. pocketsphinx's live cepstral mean normalisation learns from every utterance it hears, so
 * a long-lived decoder's results depend on the audio it heard before. Every utterance here
 * starts from the same pinned mean ({@link PocketSphinxSettings#cmnInit()}), weighted as
 * {@link PocketSphinxSettings#cmnPriorFrames()} frames, and the mean is updated after every
 * slice of audio: a result depends only on the utterance's own audio, yet the mean still
 * adapts to the speaker's channel within the utterance.
 */
final class PocketSphinxDecoder implements AutoCloseable {
    /** Offset of {@code cmn_struct} in sphinxbase 5prealpha's {@code feat_t} on LP64. */
    private static final long FEAT_CMN_STRUCT_OFFSET = 88;
    /** Offsets in {@code cmn_t}: three pointers (mean, var, sum), then {@code nframe}, {@code veclen}. */
    private static final long CMN_SUM_OFFSET = 16;
    private static final long CMN_NFRAME_OFFSET = 24;
    private static final long CMN_VECLEN_OFFSET = 28;

    private final PocketSphinxLibrary pocketSphinx;
    private final SphinxBaseLibrary sphinxBase;
    private final float[] cmnInit;
    private final int cmnPriorFrames;
    private Pointer decoder;
    private final Pointer cmn;

    PocketSphinxDecoder(PocketSphinxLibrary pocketSphinx, SphinxBaseLibrary sphinxBase, PocketSphinxSettings settings) {
        this.pocketSphinx = pocketSphinx;
        this.sphinxBase = sphinxBase;
        this.cmnInit = settings.cmnInitArray();
        this.cmnPriorFrames = settings.cmnPriorFrames();
        settings.requireModelFiles();
        String[] argv = {
            "-hmm", settings.acousticModelDir().toString(),
            "-lm", settings.languageModelFile().toString(),
            "-dict", settings.dictionaryFile().toString(),
            "-samprate", Integer.toString(settings.sampleRateHz()),
            "-cmn", "live",
            // Noise removal and the front end's silence detector keep noise and SNR estimates
            // from utterance to utterance: with them on, the same audio decoded differently
            // on a fresh decoder and on a used one (measured). Parley has its own VAD anyway.
            "-remove_noise", "no",
            "-remove_silence", "no",
            "-logfn", "/dev/null",
        };
        Pointer config = sphinxBase.cmd_ln_parse_r(null, pocketSphinx.ps_args(), argv.length, argv, 1);
        if (config == null) {
            throw new SpeechException("pocketsphinx rejected its configuration " + String.join(" ", argv));
        }
        try {
            decoder = pocketSphinx.ps_init(config);
        } finally {
            sphinxBase.cmd_ln_free_r(config); // ps_init keeps its own reference
        }
        if (decoder == null) {
            throw new SpeechException("pocketsphinx could not load its model from " + settings.acousticModelDir());
        }
        Pointer feat = pocketSphinx.ps_get_feat(decoder);
        Pointer cmnStruct = feat == null ? null : feat.getPointer(FEAT_CMN_STRUCT_OFFSET);
        if (cmnStruct == null || cmnStruct.getInt(CMN_VECLEN_OFFSET) != cmnInit.length) {
            close();
            throw new SpeechException("this libsphinxbase's feature layout is not 5prealpha's: cannot pin the cepstral mean");
        }
        this.cmn = cmnStruct;
    }

    void startUtterance() {
        // cmn_live_set gives the mean a fixed weight of 500 frames; set our own prior weight.
        sphinxBase.cmn_live_set(cmn, cmnInit);
        Pointer sum = cmn.getPointer(CMN_SUM_OFFSET);
        for (int i = 0; i < cmnInit.length; i++) {
            sum.setFloat(4L * i, cmnInit[i] * cmnPriorFrames);
        }
        cmn.setInt(CMN_NFRAME_OFFSET, cmnPriorFrames);
        check(pocketSphinx.ps_start_utt(decoder), "ps_start_utt");
    }

    /** Decodes one slice; callers keep slices short (the partial interval) so the mean adapts. */
    void process(short[] samples, int count) {
        check(pocketSphinx.ps_process_raw(decoder, samples, new NativeLong(count), 0, 0), "ps_process_raw");
        sphinxBase.cmn_live_update(cmn); // pocketsphinx itself would wait for 800 frames
    }

    void endUtterance() {
        check(pocketSphinx.ps_end_utt(decoder), "ps_end_utt");
    }

    /** The best hypothesis so far, or "" when there is none. */
    String hypothesis() {
        String hypothesis = pocketSphinx.ps_get_hyp(decoder, null);
        return hypothesis == null ? "" : hypothesis.trim();
    }

    /** The live cepstral mean the decoder holds now (to derive a {@code cmn-init} for other audio). */
    float[] currentCepstralMean() {
        float[] mean = new float[cmnInit.length];
        sphinxBase.cmn_live_get(cmn, mean);
        return mean;
    }

    private static void check(int result, String call) {
        if (result < 0) {
            throw new SpeechException("pocketsphinx " + call + " failed with " + result);
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            pocketSphinx.ps_free(decoder);
            decoder = null;
        }
    }
}
