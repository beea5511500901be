package dev.parley.speech.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a transcript has "the same words" as its reference, as a reader would judge it: the
 * words compared one for one ({@link WordErrorRate#wordsOf}: lower case, punctuation gone) after
 * only these normalisations, each of which changes how a word is written, never which word it is:
 * <ol>
 *   <li>British and American spelling of the -ise/-yse verbs: "recognise" and "recognize",
 *       "synthesiser" and "synthesizer", "analyse" and "analyze" (a stem of three letters or more,
 *       so "rise", "wise", "noise" and "prise" stay as they are);</li>
 *   <li>numbers from 0 to 999 written in digits or in words: "2" and "two", "42" and "forty two";</li>
 *   <li>word boundaries inside a compound or a spelled acronym: one word on one side is the same as
 *       several adjacent words on the other whose letters, joined, spell it: "website" and "web
 *       site", "chatgpt" and "chat gpt", "api" and "a p i", "offline" and "off line".</li>
 * </ol>
 * Nothing else is forgiven: a word missing, added or spelt with other letters is a different word.
 */
public final class SameWords {
    private static final Pattern ISE = Pattern.compile("^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations)$");
    private static final Pattern YSE = Pattern.compile("^([a-z]{3,})ys(e|es|ed|ing|er|ers)$");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,3}");
    private static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

    private SameWords() {
    }

    public static boolean same(String reference, String heard) {
        return joinedEqual(normalised(reference), normalised(heard));
    }

    /** The words compared: spelling variants in one form, numbers in words. */
    static List<String> normalised(String text) {
        List<String> words = new ArrayList<>();
        for (String word : WordErrorRate.wordsOf(text)) {
            if (NUMBER.matcher(word).matches()) {
                words.addAll(List.of(numberInWords(Integer.parseInt(word)).split(" ")));
            } else {
                words.add(ISE.matcher(YSE.matcher(word).replaceFirst("$1yz$2")).replaceFirst("$1iz$2"));
            }
        }
        return words;
    }

    static String numberInWords(int n) {
        if (n < 20) {
            return UNITS[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + UNITS[n % 10]);
        }
        return UNITS[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + numberInWords(n % 100));
    }

    /** Equal word for word, where one word may stand for several adjacent words on the other side that spell it. */
    static boolean joinedEqual(List<String> a, List<String> b) {
        return joinedEqual(a, 0, b, 0);
    }

    private static boolean joinedEqual(List<String> a, int i, List<String> b, int j) {
        if (i == a.size() || j == b.size()) {
            return i == a.size() && j == b.size();
        }
        if (a.get(i).equals(b.get(j))) {
            return joinedEqual(a, i + 1, b, j + 1);
        }
        int joinedB = spelledBy(a.get(i), b, j);
        if (joinedB > 1 && joinedEqual(a, i + 1, b, j + joinedB)) {
            return true;
        }
        int joinedA = spelledBy(b.get(j), a, i);
        return joinedA > 1 && joinedEqual(a, i + joinedA, b, j + 1);
    }

    /** How many words of {@code words} from {@code from} spell exactly {@code word} when joined; 0 if none do. */
    private static int spelledBy(String word, List<String> words, int from) {
        StringBuilder joined = new StringBuilder();
        for (int k = from; k < words.size() && joined.length() < word.length(); k++) {
            joined.append(words.get(k));
            if (joined.length() == word.length()) {
                return joined.toString().equals(word) ? k - from + 1 : 0;
            }
        }
        return 0;
    }
}
