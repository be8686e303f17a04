package org.damnit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.damnit.ProgressListener;

/** A one-line progress display on stderr: phase, bytes done/total, rate, ETA. Redrawn at most 5 times a second. */
final class ProgressBar implements ProgressListener {
    private final PrintWriter err;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private volatile String phase = "";
    private volatile long total = -1;
    private volatile long started;
    private volatile long lastDraw;
    private volatile boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Shown when stderr is a terminal, unless DAMNIT_PROGRESS=0; forced with DAMNIT_PROGRESS=1. */
    static boolean wanted() {
        String env = System.getenv("DAMNIT_PROGRESS");
        if (env != null) {
            return env.equals("1");
        }
        return System.console() != null;
    }

    @Override
    public void start(String phase, long totalBytes) {
        this.phase = phase;
        this.total = totalBytes;
        this.done.set(0);
        this.started = System.nanoTime();
        this.lastDraw = 0;
    }

    @Override
    public void advance(long bytes) {
        long d = done.addAndGet(bytes);
        long now = System.nanoTime();
        if (enabled && now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw(d, now);
        }
    }

    @Override
    public void end() {
        if (enabled && drawn) {
            draw(done.get(), System.nanoTime());
            synchronized (err) {
                err.print("\n");
                err.flush();
            }
            drawn = false;
        }
    }

    private void draw(long d, long now) {
        double secs = Math.max(1e-3, (now - started) / 1e9);
        double rate = d / secs;
        StringBuilder b = new StringBuilder("\r").append(String.format(Locale.ROOT, "%-10s", phase)).append(' ');
        if (total > 0) {
            int pct = (int) Math.min(100, d * 100 / total);
            int filled = pct / 5;
            b.append('[').append("#".repeat(filled)).append(" ".repeat(20 - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%% ", pct)).append(human(d)).append(" / ").append(human(total));
            if (rate > 0 && d < total) {
                long eta = (long) ((total - d) / rate);
                b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
            }
        } else {
            b.append(human(d));
        }
        b.append(String.format(Locale.ROOT, "  %s/s   ", human((long) rate)));
        synchronized (err) {
            err.print(b);
            err.flush();
        }
        drawn = true;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
