package dev.parley.speech.llm;

import dev.parley.speech.SpeechException;

/**
 * Who the agent is, for every language model provider.
 *
 * @param name         what the agent calls itself; {@code {name}} in the other texts becomes it
 * @param instructions the system prompt a generative model gets first
 * @param fallback     what the agent says when it has no answer (the retrieval responder)
 */
public record Persona(String name, String instructions, String fallback) {
    public Persona {
        if (name == null || name.isBlank()) {
            throw new SpeechException("the persona needs a name");
        }
        if (instructions == null || instructions.isBlank()) {
            throw new SpeechException("the persona needs instructions");
        }
        if (fallback == null || fallback.isBlank()) {
            throw new SpeechException("the persona needs a fallback answer");
        }
    }

    /**
     * The fallback suggests questions the default recognizer hears right: flite's "how do I set it
     * up" came back as "how do i set in a", "set in her" or "serve in awe" even from clean audio,
     * while "how do I install it" was heard right whole, clipped by up to 200 ms, or with a 40 ms gap.
     */
    public static Persona defaults() {
        return new Persona("Parley",
                "You are {name}, a friendly voice assistant. You are heard, not read: answer in one to three short"
                        + " spoken sentences, with no lists, markup or emoji.",
                "Sorry, I don't know that one. You can ask me what {name} is, how it works, or how to install it.");
    }

    public String personalise(String text) {
        return text.replace("{name}", name);
    }
}
