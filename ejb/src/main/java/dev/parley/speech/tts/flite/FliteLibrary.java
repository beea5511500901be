package dev.parley.speech.tts.flite;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The part of Debian's libflite1 that Parley calls (flite 2.2 C API). */
interface FliteLibrary extends Library {
    int CST_AUDIO_STREAM_CONT = 0;
    int CST_AUDIO_STREAM_STOP = -1;

    /** {@code cst_audio_streaming_info} field offsets on LP64: int, then four pointers. */
    long ASI_MIN_BUFFSIZE = 0;
    long ASI_CALLBACK = 8;

    /** {@code cst_wave} field offsets on LP64. */
    long WAVE_SAMPLE_RATE = 8;
    long WAVE_SAMPLES = 24;

    int flite_init();

    Pointer new_utterance();

    void delete_utterance(Pointer utterance);

    void utt_set_input_text(Pointer utterance, String text);

    Pointer utt_init(Pointer utterance, Pointer voice);

    Pointer flite_do_synth(Pointer utterance, Pointer voice, Pointer synthFunction);

    Pointer new_audio_streaming_info();

    /** Wraps the info as a value that the utterance's features own and free. */
    Pointer audio_streaming_info_val(Pointer info);

    /** flite keeps {@code name} itself, not a copy: it must stay allocated while the features live. */
    void feat_set(Pointer features, Pointer name, Pointer value);

    /** {@code int (*)(const cst_wave *w, int start, int size, int last, cst_audio_streaming_info *asi)} */
    interface StreamCallback extends Callback {
        int invoke(Pointer wave, int start, int size, int last, Pointer info);
    }
}
