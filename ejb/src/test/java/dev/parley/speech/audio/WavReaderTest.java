package dev.parley.speech.audio;

import dev.parley.speech.SpeechException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavReaderTest {
    private static Path wav(Path folder, int rate, int channels, short... samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * samples.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        Path file = folder.resolve(rate + "-" + channels + ".wav");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void reads16kMonoPcm(@TempDir Path folder) throws IOException {
        assertArrayEquals(new short[] {1, -2, 300}, WavReader.read16kMono(wav(folder, 16000, 1, (short) 1, (short) -2, (short) 300)));
    }

    @Test
    void readsTheRealTestRecordings() {
        short[] pcm = WavReader.read16kMono(Path.of("/usr/share/pocketsphinx/test/data/cards/001.wav"));
        assertTrue(pcm.length > 16000, "one second at least");
        assertEquals(89160 / 2, WavReader.read16kMono(Path.of("/usr/share/pocketsphinx/test/data/goforward.raw")).length);
    }

    @Test
    void refusesAnotherSampleRateOrStereo(@TempDir Path folder) throws IOException {
        SpeechException rate = assertThrows(SpeechException.class, () -> WavReader.read16kMono(wav(folder, 8000, 1, (short) 0)));
        assertTrue(rate.getMessage().contains("8000 Hz"), rate.getMessage());
        SpeechException stereo = assertThrows(SpeechException.class, () -> WavReader.read16kMono(wav(folder, 16000, 2, (short) 0, (short) 0)));
        assertTrue(stereo.getMessage().contains("2 channels"), stereo.getMessage());
    }

    @Test
    void refusesWhatIsNoWaveFile(@TempDir Path folder) throws IOException {
        Path text = Files.writeString(folder.resolve("x.wav"), "hello, not audio");
        assertThrows(SpeechException.class, () -> WavReader.read16kMono(text));
        assertThrows(SpeechException.class, () -> WavReader.read16kMono(folder.resolve("missing.wav")));
    }
}
