/** Speech to text on an operator's OpenAI-compatible transcription server ({@code parley.stt.provider=openai}). */
package dev.parley.speech.stt.openai;
