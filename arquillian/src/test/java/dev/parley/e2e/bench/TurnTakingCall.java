package dev.parley.e2e.bench;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Event;
import dev.parley.e2e.PageRecording.Level;
import dev.parley.e2e.SpokenWav;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The turn-taking cases of issue 14 in one scripted call: sentences with a natural pause in the
 * middle, two-word interruptions over the agent's answer, and noise over the agent's answer.
 * {@link #write} builds the microphone file and remembers where each case lies in it; {@link
 * #evaluate} finds the cases in what the page recorded and judges each.
 */
final class TurnTakingCall {

    enum Kind { PAUSED_SENTENCE, INTERRUPTION, NOISE }

    /** One case, its times in seconds of the microphone file. */
    record Case(Kind kind, String label, double start, double resume, double end) {
    }

    /**
     * One case as the page saw it.
     *
     * @param overAgent       the agent was audible right before the disturbance (an interruption or noise counts only then)
     * @param premature       a paused sentence: the agent took the floor (thinking, speaking, a user final or its audio) before the sentence ended
     * @param overUserMillis  a paused sentence: how long the agent was audible while the user spoke the second half
     * @param answers         a paused sentence: how many answers the agent began after its start
     * @param reactionMillis  an interruption or noise: onset → the agent's audio stopped at the page (≤ 0: it had stopped)
     * @param interruptedEvent the page got {@code interrupted} within 4 s of the onset
     * @param paused          the page got {@code agent-paused} within 4 s of the onset
     * @param pausedAfterMillis onset → that {@code agent-paused} event at the page (the way in and the VAD), or -1
     */
    record Outcome(int call, Case c, boolean overAgent, boolean premature, long overUserMillis, int answers, long reactionMillis,
                   boolean interruptedEvent, boolean paused, long pausedAfterMillis) {

        /** An interruption the agent did not act on: it talked on for more than 1.5 s after a two-word phrase began. */
        boolean ignored() {
            return c.kind() == Kind.INTERRUPTION && overAgent && reactionMillis > IGNORED_AFTER_MILLIS && !interruptedEvent;
        }

        /** Noise taken for an interruption: the agent's answer was dropped. */
        boolean falseBargeIn() {
            return c.kind() == Kind.NOISE && overAgent && interruptedEvent;
        }

        @Override
        public String toString() {
            return switch (c.kind()) {
                case PAUSED_SENTENCE -> String.format("call %d paused '%s': premature %s, %d answers, agent over the user %d ms",
                        call, c.label(), premature, answers, overUserMillis);
                case INTERRUPTION, NOISE -> String.format("call %d %s '%s': over the agent %s, agent stopped %d ms after onset, interrupted %s,"
                        + " paused %s (event %d ms after onset)", call, c.kind() == Kind.NOISE ? "noise" : "interruption", c.label(),
                        overAgent, reactionMillis, interruptedEvent, paused, pausedAfterMillis);
            };
        }
    }

    static final long IGNORED_AFTER_MILLIS = 1500;
    private static final double MIC_DB = TurnTimings.MIC_SPEECH_DB;
    private static final double AGENT_DB = TurnTimings.AGENT_SPEECH_DB;
    /** The noise and interruptions start this long after the question, about 2 s into its answer at the page. */
    private static final double INTO_THE_ANSWER = 3.5;

    private final List<Case> cases = new ArrayList<>();
    /** Where the first spoken phrase starts in the file: the anchor between file time and page time. */
    private double firstSpeech = Double.NaN;

    TurnTakingCall() {
    }

    /** Cases already placed in a file whose first speech starts at {@code firstSpeech} s (for tests). */
    TurnTakingCall(List<Case> cases, double firstSpeech) {
        this.cases.addAll(cases);
        this.firstSpeech = firstSpeech;
    }

    List<Case> cases() {
        return cases;
    }

    Path write(Path dir) throws IOException, InterruptedException {
        SpokenWav wav = new SpokenWav(dir).silence(3);
        firstSpeech = wav.elapsed();
        paused(wav, "I would like to know", 1.0, "how does it work");
        noise(wav, "what voice do you use", "white noise 0.3 s", w -> w.noise("whitenoise", 0.3, 0.2));
        interruption(wav, "how does parley work", "front center");
        noise(wav, "how fast are you", "pink noise 1 s", w -> w.noise("pinknoise", 1.0, 0.3));
        interruption(wav, "what is parley", "stop please");
        noise(wav, "what is kurento", "cough", SpokenWav::cough);
        interruption(wav, "which language model do you use", "wait wait");
        noise(wav, "does parley work offline", "keyboard clicks", w -> w.clicks(8, 0.12));
        paused(wav, "can you tell me", 1.2, "what voice do you use");
        return wav.write("turn-taking.wav");
    }

    private interface Part {
        SpokenWav add(SpokenWav wav) throws IOException, InterruptedException;
    }

    private void paused(SpokenWav wav, String first, double pause, String second) throws IOException, InterruptedException {
        double start = wav.elapsed();
        wav.say(first).silence(pause);
        double resume = wav.elapsed();
        wav.say(second);
        cases.add(new Case(Kind.PAUSED_SENTENCE, first + " … " + second, start, resume, wav.elapsed()));
        wav.silence(14);
    }

    private void interruption(SpokenWav wav, String question, String words) throws IOException, InterruptedException {
        wav.say(question).silence(INTO_THE_ANSWER + 0.5);
        double start = wav.elapsed();
        wav.say(words);
        cases.add(new Case(Kind.INTERRUPTION, words, start, start, wav.elapsed()));
        wav.silence(12);
    }

    private void noise(SpokenWav wav, String question, String label, Part noise) throws IOException, InterruptedException {
        wav.say(question).silence(INTO_THE_ANSWER);
        double start = wav.elapsed();
        noise.add(wav);
        cases.add(new Case(Kind.NOISE, label, start, start, wav.elapsed()));
        wav.silence(12);
    }

    List<Outcome> evaluate(int call, PageRecording page) {
        List<Level> mic = page.microphone();
        double firstLoud = mic.stream().filter(l -> l.db() > MIC_DB).mapToDouble(Level::atMillis).min().orElse(Double.NaN);
        List<Outcome> outcomes = new ArrayList<>();
        if (Double.isNaN(firstLoud)) {
            return outcomes;
        }
        for (Case c : cases) {
            double start = firstLoud + 1000 * (c.start() - firstSpeech);
            double resume = firstLoud + 1000 * (c.resume() - firstSpeech);
            double end = firstLoud + 1000 * (c.end() - firstSpeech);
            double onset = firstLoudIn(mic, start - 300, start + 1000, start);
            switch (c.kind()) {
                case PAUSED_SENTENCE -> {
                    double secondHalf = firstLoudIn(mic, resume - 300, resume + 1000, resume);
                    double over = lastLoudIn(mic, secondHalf, end + 500, end);
                    boolean premature = page.events().stream().anyMatch(e -> e.atMillis() > onset && e.atMillis() < over
                            && (e.signature().equals("state:thinking") || e.signature().equals("state:speaking")
                            || e.signature().equals("transcript:user")))
                            || page.levels().stream().anyMatch(l -> l.atMillis() > onset && l.atMillis() < over && l.db() > AGENT_DB);
                    long overUser = 20 * page.levels().stream()
                            .filter(l -> l.atMillis() >= secondHalf && l.atMillis() <= over && l.db() > AGENT_DB).count();
                    int answers = (int) page.events().stream()
                            .filter(e -> e.signature().equals("state:speaking") && e.atMillis() > onset && e.atMillis() < over + 12_000).count();
                    outcomes.add(new Outcome(call, c, false, premature, overUser, answers, 0, false, false, -1));
                }
                case INTERRUPTION, NOISE -> {
                    boolean overAgent = page.levels().stream().anyMatch(l -> l.atMillis() > onset - 600 && l.atMillis() <= onset && l.db() > AGENT_DB);
                    double stop = TurnTimings.agentStop(page.levels(), onset);
                    long reaction = Double.isNaN(stop) ? 0 : Math.round(stop - onset);
                    double pausedAt = page.named("agent-paused").stream().mapToDouble(Event::atMillis)
                            .filter(t -> t >= onset && t <= onset + 4000).min().orElse(Double.NaN);
                    outcomes.add(new Outcome(call, c, overAgent, false, 0, 0, reaction, eventIn(page, "interrupted", onset, onset + 4000),
                            !Double.isNaN(pausedAt), Double.isNaN(pausedAt) ? -1 : Math.round(pausedAt - onset)));
                }
            }
        }
        return outcomes;
    }

    private static boolean eventIn(PageRecording page, String name, double from, double to) {
        return page.named(name).stream().map(Event::atMillis).anyMatch(t -> t >= from && t <= to);
    }

    private static double firstLoudIn(List<Level> mic, double from, double to, double otherwise) {
        return mic.stream().filter(l -> l.atMillis() >= from && l.atMillis() <= to && l.db() > MIC_DB)
                .mapToDouble(Level::atMillis).min().orElse(otherwise);
    }

    private static double lastLoudIn(List<Level> mic, double from, double to, double otherwise) {
        return mic.stream().filter(l -> l.atMillis() >= from && l.atMillis() <= to && l.db() > MIC_DB)
                .mapToDouble(Level::atMillis).max().orElse(otherwise);
    }
}
