package dev.parley.e2e.bench;

import dev.parley.e2e.bench.TurnTimings.BargeIn;
import dev.parley.e2e.bench.TurnTimings.Turn;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The benchmark's picture, drawn with Java2D (headless): per agent turn a bar of the server's
 * stages stacked from the end of the user's speech, with the latency the page felt marked across
 * it; beside it every barge-in's reaction, at the page and at the server.
 */
final class LatencyPlot {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 500;
    private static final int TOP = 96;
    private static final int BOTTOM = 440;
    private static final int LEFT = 62;
    private static final int RIGHT = 790;
    private static final int BARGE_LEFT = 860;
    private static final int BARGE_RIGHT = 975;

    private static final String[] STAGES = {"endpointing silence", "STT final", "LLM first token", "first TTS audio", "first packet out"};
    private static final Color[] COLOURS = {new Color(0xB0BEC5), new Color(0x1E88E5), new Color(0x43A047), new Color(0xFB8C00),
            new Color(0x8E24AA)};
    private static final Color CLIENT = Color.BLACK;
    private static final Color CUT = new Color(0xC62828);

    private LatencyPlot() {
    }

    static void write(List<Turn> turns, List<BargeIn> bargeIns, String title, Path png) throws IOException {
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
            legend(g);
            turns(g, turns);
            bargeIns(g, bargeIns);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static void legend(Graphics2D g) {
        int x = LEFT;
        for (int i = 0; i < STAGES.length; i++) {
            g.setColor(COLOURS[i]);
            g.fillRect(x, 40, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(STAGES[i], x + 16, 51);
            x += 22 + g.getFontMetrics().stringWidth(STAGES[i]);
        }
        g.setColor(CLIENT);
        g.setStroke(new BasicStroke(2.5f));
        g.drawLine(x, 46, x + 14, 46);
        g.drawString("heard at the page", x + 18, 51);
        x += 30 + g.getFontMetrics().stringWidth("heard at the page");
        g.setColor(CUT);
        g.fillPolygon(new int[] {x, x + 10, x + 5}, new int[] {52, 52, 42}, 3);
        g.setColor(Color.BLACK);
        g.drawString("interrupted", x + 14, 51);
        g.drawString("ms after the end of the user's speech, per agent turn (calls separated by dashed lines)", LEFT, 68);
    }

    private static void turns(Graphics2D g, List<Turn> turns) {
        long max = 1000;
        for (Turn t : turns) {
            max = Math.max(max, Math.max(t.clientVoiceToVoice(), t.firstPacketOut()));
        }
        max = ceilTo(max, 1000);
        axis(g, LEFT, RIGHT, max, 1000);
        if (turns.isEmpty()) {
            return;
        }
        double slot = (RIGHT - LEFT) / (double) turns.size();
        int bar = (int) Math.max(3, Math.min(26, slot * 0.7));
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            int centre = (int) Math.round(LEFT + slot * (i + 0.5));
            if (i > 0 && turns.get(i - 1).call() != t.call()) {
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
                int x = (int) Math.round(LEFT + slot * i);
                g.drawLine(x, TOP, x, BOTTOM);
            }
            long[] stages = {t.endpointing(), t.sttAfterEndpoint(), t.firstToken(), t.firstTtsAudio(), t.ttsToFirstPacket()};
            long from = 0;
            for (int s = 0; s < stages.length; s++) {
                if (stages[s] < 0) {
                    break;
                }
                int yTop = y(from + stages[s], max);
                g.setColor(COLOURS[s]);
                g.fillRect(centre - bar / 2, yTop, bar, Math.max(1, y(from, max) - yTop));
                from += stages[s];
            }
            if (t.clientVoiceToVoice() >= 0) {
                g.setColor(CLIENT);
                g.setStroke(new BasicStroke(2.5f));
                int y = y(t.clientVoiceToVoice(), max);
                g.drawLine(centre - bar / 2 - 3, y, centre + bar / 2 + 3, y);
            }
            if (t.interrupted()) {
                g.setColor(CUT);
                g.fillPolygon(new int[] {centre - 5, centre + 5, centre}, new int[] {BOTTOM + 14, BOTTOM + 14, BOTTOM + 4}, 3);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("agent turns (" + turns.size() + ")", (LEFT + RIGHT) / 2 - 40, BOTTOM + 32);
    }

    private static void bargeIns(Graphics2D g, List<BargeIn> bargeIns) {
        long max = 500;
        for (BargeIn b : bargeIns) {
            max = Math.max(max, Math.max(b.clientReaction(), b.serverReaction()));
        }
        max = ceilTo(max, 500);
        axis(g, BARGE_LEFT, BARGE_RIGHT, max, max <= 2000 ? 250 : 500);
        int page = BARGE_LEFT + (BARGE_RIGHT - BARGE_LEFT) / 4;
        int server = BARGE_LEFT + 3 * (BARGE_RIGHT - BARGE_LEFT) / 4;
        for (int i = 0; i < bargeIns.size(); i++) {
            BargeIn b = bargeIns.get(i);
            int jitter = (i % 5 - 2) * 4;
            g.setColor(CUT);
            g.fillOval(page + jitter - 4, y(b.clientReaction(), max) - 4, 8, 8);
            if (b.serverReaction() >= 0) {
                g.setColor(Color.DARK_GRAY);
                g.setStroke(new BasicStroke(1.5f));
                g.drawOval(server + jitter - 4, y(b.serverReaction(), max) - 4, 8, 8);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("page", page - 13, BOTTOM + 16);
        g.drawString("server", server - 17, BOTTOM + 16);
        g.drawString("barge-in reaction (" + bargeIns.size() + ")", BARGE_LEFT - 30, BOTTOM + 32);
        g.drawString("speech onset to", BARGE_LEFT - 5, 68);
        g.drawString("agent audio stopped", BARGE_LEFT - 15, 82);
    }

    /** Grid lines and their labels in ms (seconds when at least 1 s). */
    private static void axis(Graphics2D g, int left, int right, long max, long step) {
        g.setStroke(new BasicStroke(1f));
        for (long v = 0; v <= max; v += step) {
            int y = y(v, max);
            g.setColor(v == 0 ? Color.DARK_GRAY : new Color(0xE0E0E0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = v >= 1000 && v % 1000 == 0 ? (v / 1000) + " s" : v + " ms";
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
    }

    private static int y(long millis, long max) {
        return (int) Math.round(BOTTOM - (BOTTOM - TOP) * Math.min(millis, max) / (double) max);
    }

    private static long ceilTo(long value, long step) {
        return ((value + step - 1) / step) * step;
    }
}
