package dev.parley.speech.tts.flite;

import dev.parley.speech.SpeechException;

import java.util.regex.Pattern;

/**
 * Settings of the flite provider.
 *
 * @param voice           a Debian libflite1 voice: slt (default), rms, awb or kal16; voices at
 *                        other rates than 16 kHz are refused
 * @param chunkSamples    the smallest audio chunk flite hands over (flite's min_buffsize)
 * @param fliteLibrary    the flite core library to load
 */
public record FliteSettings(String voice, int chunkSamples, String fliteLibrary) {
    private static final Pattern VOICE_NAME = Pattern.compile("[a-z0-9]+");

    public FliteSettings {
        if (voice == null || !VOICE_NAME.matcher(voice).matches()) {
            throw new SpeechException("flite voice name must be letters and digits (e.g. slt), got '" + voice + "'");
        }
        if (chunkSamples < 64) {
            throw new SpeechException("flite chunks must be at least 64 samples, got " + chunkSamples);
        }
    }

    public static FliteSettings defaults() {
        return new FliteSettings("slt", 800, "libflite.so.1");
    }

    String voiceLibrary() {
        return "libflite_cmu_us_" + voice + ".so.1";
    }

    String registerFunction() {
        return "register_cmu_us_" + voice;
    }
}
