package dev.parley.speech.stt.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The part of Debian's libsphinxbase3 that Parley calls: configuration and live CMN. */
interface SphinxBaseLibrary extends Library {
    /** Parses {@code argv} against {@code definitions} (no varargs, unlike cmd_ln_init). */
    Pointer cmd_ln_parse_r(Pointer config, Pointer definitions, int argc, String[] argv, int strict);

    int cmd_ln_free_r(Pointer config);

    void cmn_live_set(Pointer cmn, float[] vector);

    void cmn_live_get(Pointer cmn, float[] vector);

    void cmn_live_update(Pointer cmn);
}
