/**
 * Provider SPIs for voice activity detection, speech recognition, language models and speech
 * synthesis. Everything is streaming and cancellable; audio inside Parley is 16 kHz mono signed
 * 16-bit PCM ({@code short[]}), so providers that work at other rates convert at their edge.
 *
 * <p>Callbacks arrive on the provider's own threads. Consumers (the conversation engine) hop to
 * their own executor; providers never assume which thread calls them back.
 */
package dev.parley.speech;
