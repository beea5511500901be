/**
 * What the adapters for OpenAI-compatible speech servers (speech to text in
 * {@code dev.parley.speech.stt.openai}, text to speech in {@code dev.parley.speech.tts.openai})
 * share: the server's address, key and timeout, its HTTP client, and its errors in plain words.
 */
package dev.parley.speech.openai;
