/** Text to speech on an operator's OpenAI-compatible speech server ({@code parley.tts.provider=openai}). */
package dev.parley.speech.tts.openai;
