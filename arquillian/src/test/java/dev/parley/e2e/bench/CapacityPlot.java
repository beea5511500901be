package dev.parley.e2e.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The capacity benchmark's picture (Java2D, headless): voice-to-voice p50 and p95 at the callers
 * against concurrent calls, one line pair per configuration, each with its 1.5× allowance dashed
 * and the server side's CPU per step written under its point.
 */
final class CapacityPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;
    private static final int TOP = 96;
    private static final int BOTTOM = 450;
    private static final int LEFT = 70;
    private static final int RIGHT = 960;
    private static final Color[] COLOURS = {new Color(0x1E88E5), new Color(0xE53935), new Color(0x43A047)};
    private static final Stroke DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);

    private CapacityPlot() {
    }

    static void write(List<CapacityBenchmark.Ramp> ramps, String title, Path png) throws IOException {
        int maxCalls = 1;
        long maxMillis = 1000;
        for (CapacityBenchmark.Ramp r : ramps) {
            for (CapacityStep s : r.steps()) {
                maxCalls = Math.max(maxCalls, s.calls());
                maxMillis = Math.max(maxMillis, s.p95());
            }
            maxMillis = Math.max(maxMillis, Math.round(CapacityStep.SLOWDOWN_ALLOWED * r.steps().get(0).p95()));
        }
        maxMillis = (maxMillis + 499) / 500 * 500;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("voice-to-voice at the callers (ms): p95 solid with dots, p50 thin; dashed: 1.5× the single call's p95", LEFT, 44);
            g.drawString("under each p95 point: the server side's CPU (Payara + media server), % of one core", LEFT, 60);
            axes(g, maxCalls, maxMillis);
            for (int i = 0; i < ramps.size(); i++) {
                CapacityBenchmark.Ramp r = ramps.get(i);
                Color colour = COLOURS[i % COLOURS.length];
                g.setColor(colour);
                g.drawString(r.instances() + (r.instances() == 1 ? " instance" : " instances") + ": capacity " + r.capacity(),
                        LEFT + 10 + 200 * i, 80);
                long allowance = Math.round(CapacityStep.SLOWDOWN_ALLOWED * r.steps().get(0).p95());
                g.setStroke(DASHED);
                g.drawLine(LEFT, y(allowance, maxMillis), RIGHT, y(allowance, maxMillis));
                line(g, r.steps(), true, maxCalls, maxMillis, new BasicStroke(2.5f));
                line(g, r.steps(), false, maxCalls, maxMillis, new BasicStroke(1f));
                for (CapacityStep s : r.steps()) {
                    int x = x(s.calls(), maxCalls);
                    int y = y(s.p95(), maxMillis);
                    g.fillOval(x - 4, y - 4, 8, 8);
                    g.drawString(String.format("%.0f%%", s.cpuOf("Payara") + s.cpuOf("media server")), x - 12, y + 18 + 12 * i);
                }
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void line(Graphics2D g, List<CapacityStep> steps, boolean p95, int maxCalls, long maxMillis, Stroke stroke) {
        g.setStroke(stroke);
        for (int k = 1; k < steps.size(); k++) {
            CapacityStep a = steps.get(k - 1);
            CapacityStep b = steps.get(k);
            g.drawLine(x(a.calls(), maxCalls), y(p95 ? a.p95() : a.p50(), maxMillis), x(b.calls(), maxCalls),
                    y(p95 ? b.p95() : b.p50(), maxMillis));
        }
    }

    private static void axes(Graphics2D g, int maxCalls, long maxMillis) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawLine(LEFT, BOTTOM, RIGHT, BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, BOTTOM);
        for (long ms = 0; ms <= maxMillis; ms += 500) {
            int y = y(ms, maxMillis);
            g.setColor(new Color(0xEEEEEE));
            g.drawLine(LEFT + 1, y, RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(String.valueOf(ms), LEFT - 8 - g.getFontMetrics().stringWidth(String.valueOf(ms)), y + 4);
        }
        for (int calls = 1; calls <= maxCalls; calls++) {
            int x = x(calls, maxCalls);
            g.drawLine(x, BOTTOM, x, BOTTOM + 4);
            g.drawString(String.valueOf(calls), x - 3, BOTTOM + 17);
        }
        g.drawString("concurrent calls", (LEFT + RIGHT) / 2 - 40, BOTTOM + 36);
    }

    private static int x(int calls, int maxCalls) {
        return LEFT + (int) Math.round((RIGHT - LEFT - 20) * (calls - 1) / (double) Math.max(1, maxCalls - 1)) + 10;
    }

    private static int y(long millis, long maxMillis) {
        return BOTTOM - (int) Math.round((BOTTOM - TOP) * Math.max(0, millis) / (double) maxMillis);
    }
}
