package org.custodyledger.cli;

import java.io.PrintStream;

/**
 * Progress of a long command: a redrawn bar with rate and ETA on a terminal, a plain line every
 * 10% (and at the end) when output goes to a file or a pipe, so logs stay readable.
 */
final class Progress {
    private final String what;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDecile = -1;
    private long lastDraw;

    Progress(String what, long total, PrintStream out) {
        this.what = what;
        this.total = Math.max(total, 0);
        this.out = out;
        this.terminal = System.console() != null;
    }

    void update(long done) {
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double rate = done / seconds;
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        String eta = rate > 0 && total > done ? Math.round((total - done) / rate) + " s" : "-";
        String line = String.format("%s %d/%d (%d%%) %.0f/s ETA %s", what, done, total, percent, rate, eta);
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw > 100_000_000L || done >= total) {
                int width = 30;
                int filled = (int) (percent * width / 100);
                out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + line + "   ");
                out.flush();
                lastDraw = now;
            }
        } else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            out.println(line);
        }
    }

    void done(long done) {
        update(done);
        if (terminal) {
            out.println();
        }
    }
}
