package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SupportedLanguagesTest {

    @Test
    void aLanguageServesItsRegionalVariants() {
        SupportedLanguages english = new SupportedLanguages(List.of("en"));
        for (String tag : List.of("en", "en-US", "en-GB", "EN-us", "en_GB", " en-AU ")) {
            assertTrue(english.supports(tag), tag);
        }
        for (String tag : List.of("de", "de-DE", "eng", "fr-CA", "e", "en US")) {
            assertFalse(english.supports(tag), tag);
        }
    }

    @Test
    void noLanguageMeansTheServersDefault() {
        SupportedLanguages english = new SupportedLanguages(List.of("en"));
        assertTrue(english.supports(null));
        assertTrue(english.supports(" "));
    }

    @Test
    void aRegionalRangeServesOnlyThatRegion() {
        SupportedLanguages languages = new SupportedLanguages(List.of("en-US", "de"));
        assertTrue(languages.supports("en-US"));
        assertTrue(languages.supports("de-AT"));
        assertFalse(languages.supports("en-GB"));
        assertFalse(languages.supports("en"));
        assertEquals("en-us, de", languages.describe());
    }

    @Test
    void theSettingDefaultsToEnglishAndMustNameALanguage() {
        assertEquals(List.of("en"), SignallingSettings.from(key -> Optional.empty()).languages());
        assertEquals(List.of("en", "de"), SignallingSettings.from(key ->
                Optional.ofNullable(key.equals(SignallingSettings.LANGUAGES) ? "en, de" : null)).languages());
        var e = assertThrows(IllegalArgumentException.class, () -> SignallingSettings.from(key ->
                Optional.ofNullable(key.equals(SignallingSettings.LANGUAGES) ? " , " : null)));
        assertTrue(e.getMessage().contains(SignallingSettings.LANGUAGES), e.getMessage());
    }
}
