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
    private int width; // of the line drawn last, so that a shorter one leaves nothing behind

    ProgressBar(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** Shown when stderr is a terminal (whatever stdout is), unless DAMNIT_PROGRESS=0; forced with DAMNIT_PROGRESS=1. */
    static boolean wanted() {
        String env = System.getenv("DAMNIT_PROGRESS");
        if (env != null) {
            return env.equals("1");
        }
        return stderrIsTerminal();
    }

    /**
     * Whether file descriptor 2 is a terminal: as bin/damnit found with {@code [ -t 2 ]} (property
     * {@code damnit.stderr.tty}), else as Linux's /proc tells, else (stdin and stdout) as the JDK's console says.
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("damnit.stderr.tty");
        if (told != null) {
            return told.equals("1");
        }
        try {
            String fd2 = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
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
                width = 0;
            }
            drawn = false;
        }
    }

    /** Wipes a frame left on the line (before an error message is printed there). */
    void clear() {
        if (enabled && drawn) {
            synchronized (err) {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
                width = 0;
            }
            drawn = false;
        }
    }

    private void draw(long bytesDone, long now) {
        double secs = Math.max(1e-3, (now - started) / 1e9);
        long d = total > 0 ? Math.min(bytesDone, total) : bytesDone; // never "101 MiB / 100 MiB"
        double rate = d / secs;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s", phase)).append(' ');
        if (total > 0) {
            int pct = (int) (d * 100 / total);
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
        b.append(String.format(Locale.ROOT, "  %s/s", human((long) rate)));
        synchronized (err) {
            int len = b.length();
            if (len < width) {
                b.append(" ".repeat(width - len)); // over what the longer frame before left
            }
            width = len;
            err.print("\r" + b);
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
