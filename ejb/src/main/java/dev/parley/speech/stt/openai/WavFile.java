package dev.parley.speech.stt.openai;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 16-bit mono PCM as the bytes of a WAV file, the audio format every transcription server reads. */
final class WavFile {
    private static final int HEADER_BYTES = 44;

    private WavFile() {
    }

    static byte[] of(short[] pcm, int samples, int sampleRateHz) {
        int dataBytes = samples * 2;
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        out.put(new byte[] {'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) 1)           // PCM
                .putShort((short) 1)           // mono
                .putInt(sampleRateHz)
                .putInt(sampleRateHz * 2)      // bytes per second
                .putShort((short) 2)           // bytes per frame
                .putShort((short) 16);         // bits per sample
        out.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            out.putShort(pcm[i]);
        }
        return out.array();
    }
}
