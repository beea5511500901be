package dev.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Scripted calls on the demo page and the benchmark's plot, for {@code dev.parley.e2e.bench}. */
public final class BrowserRun {

    /** Each question, then the silence after it: short ones interrupt the answer to the question before. */
    private static final Object[][] SCRIPT = {
            {"what is your name", 4.5}, {"can i interrupt you", 11.0}, {"how fast are you", 11.0},
            {"what is kurento", 11.0}, {"what voice do you use", 4.5}, {"hello", 11.0},
            {"does parley work offline", 11.0}, {"is there an admin api", 11.0}, {"how does parley work", 12.0},
            {"which language model do you use", 11.0}, {"thank you", 6.0}};

    private BrowserRun() {
    }

    /** One call through the whole script; returns what the page saw and heard. */
    public static PageRecording scriptedConversation(String demoPage, Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "call-");
        SpokenWav wav = new SpokenWav(dir).silence(3);
        double seconds = 3;
        for (Object[] line : SCRIPT) {
            wav.say((String) line[0]).silence((Double) line[1]);
            seconds += 1.5 + (Double) line[1];
        }
        Path microphone = wav.write("script.wav");
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage + "?echo-cancellation=off&token=bench-" + UUID.randomUUID(),
                microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(30), "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').start()");
            Thread.sleep(Math.round(SpokenWav.seconds(microphone) * 1000) + 2000);
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(15), "the call ends");
            return PageRecording.parse(browser.evaluate(PageRecording.READ));
        }
    }

    /** Every measured value as a dot on one line per measure, rendered to PNG by headless Chromium. */
    public static void plot(List<Long> voiceToVoice, List<Long> bargeIn, Path png, Path work) throws IOException, InterruptedException {
        long max = Math.max(1000, voiceToVoice.stream().mapToLong(Long::longValue).max().orElse(1000));
        max = ((max + 999) / 1000) * 1000;
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='800' height='300' font-family='sans-serif' font-size='13'>"
                + "<rect width='800' height='300' fill='white'/>");
        for (long t = 0; t <= max; t += 1000) {
            double x = 200 + 560.0 * t / max;
            svg.append("<line x1='").append(x).append("' y1='40' x2='").append(x).append("' y2='250' stroke='#ddd'/>")
                    .append("<text x='").append(x - 10).append("' y='270'>").append(t / 1000).append(" s</text>");
        }
        svg.append(dots("voice-to-voice", voiceToVoice, 100, max, "#2563eb")).append(dots("barge-in reaction", bargeIn, 190, max, "#c62828"))
                .append("<text x='200' y='25' font-size='15'>Parley at the client (headless Chromium, loopback): each dot one turn</text></svg>");
        Path html = work.resolve("plot.html");
        Files.writeString(html, "<html><body style='margin:0'>" + svg + "</body></html>");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=" + work.resolve("plot-profile"), "--window-size=800,300", "--screenshot=" + png.toAbsolutePath(),
                html.toUri().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not render the plot");
        }
    }

    private static String dots(String label, List<Long> values, int y, long max, String colour) {
        return "<text x='10' y='" + (y + 5) + "'>" + label + " (" + values.size() + ")</text>" + values.stream()
                .map(v -> "<circle cx='" + (200 + 560.0 * Math.min(v, max) / max) + "' cy='" + y + "' r='5' fill='" + colour + "' fill-opacity='0.5'/>")
                .collect(Collectors.joining());
    }
}
