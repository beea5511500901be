package dev.parley.speech;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a provider implementation so configuration can choose it: an operator's CDI bean
 * implementing one of the SPIs with {@code @SpeechProvider("acme")} becomes active when, e.g.,
 * {@code parley.stt.provider=acme}. Being a qualifier, it keeps the bean out of plain
 * {@code @Inject SpeechRecognizer} injection points, which get the configured provider.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface SpeechProvider {
    String value();

    /** For programmatic lookup: {@code instance.select(SpeechProvider.Literal.of("acme"))}. */
    final class Literal extends AnnotationLiteral<SpeechProvider> implements SpeechProvider {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
