package dev.parley.speech.stt.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The part of Debian's libpocketsphinx3 (pocketsphinx 5prealpha C API) that Parley calls. */
interface PocketSphinxLibrary extends Library {
    Pointer ps_args();

    Pointer ps_init(Pointer config);

    int ps_free(Pointer decoder);

    Pointer ps_get_feat(Pointer decoder);

    int ps_start_utt(Pointer decoder);

    int ps_process_raw(Pointer decoder, short[] data, NativeLong samples, int noSearch, int fullUtterance);

    int ps_end_utt(Pointer decoder);

    String ps_get_hyp(Pointer decoder, IntByReference bestScore);
}
