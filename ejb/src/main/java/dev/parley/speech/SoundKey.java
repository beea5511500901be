package dev.parley.speech;

import java.util.Locale;

/**
 * A coarse key of how a word sounds, for matching what a recognizer wrote against the names it
 * should have heard: the consonants as heard, voiced and voiceless pairs merged (b/p, d/t, g/k,
 * v/f, z/s; flite's and the recognizers' commonest confusions), c as k or s, ph as f, vowels and
 * h, w, y dropped but for a leading vowel (kept as "a"), doubled consonants once. "Parley",
 * "Barley" and "Parale" are "prl"; "Kurento", "carriento" and "current" "krnt"; "Carly" "krl".
 */
public final class SoundKey {

    private SoundKey() {
    }

    public static String of(String word) {
        String w = word.toLowerCase(Locale.ROOT).replace("ph", "f").replace("ck", "k").replace("x", "ks");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            char next = i + 1 < w.length() ? w.charAt(i + 1) : ' ';
            char k = switch (c) {
                case 'a', 'e', 'i', 'o', 'u', 'y' -> i == 0 ? 'a' : 0;
                case 'h', 'w' -> 0;
                case 'b' -> 'p';
                case 'd' -> 't';
                case 'g', 'q' -> 'k';
                case 'v' -> 'f';
                case 'z' -> 's';
                case 'c' -> next == 'e' || next == 'i' || next == 'y' ? 's' : 'k';
                default -> Character.isLetter(c) && c < 128 ? c : 0;
            };
            if (k != 0 && (key.length() == 0 || key.charAt(key.length() - 1) != k)) {
                key.append(k);
            }
        }
        return key.toString();
    }
}
