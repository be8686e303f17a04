package org.damnit.web;

import static org.damnit.web.Html.esc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.damnit.DiffEntry;
import org.damnit.FileVersion;
import org.damnit.ObjectId;

/** Charts drawn on the server as inline SVG: no script, no framework, readable without JavaScript. */
final class Charts {
    private static final int W = 860;
    private static final int H = 300;
    private static final int TIMELINE_H = 150;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private Charts() {
    }

    /** One commit of the summary chart. */
    record Point(ObjectId commit, Instant time, String message, long logical, long stored) {
    }

    /** Each commit's logical size (its files, in full) against what the store holds once it was made. */
    static String sizes(List<Point> points) {
        long max = 1;
        for (Point p : points) {
            max = Math.max(max, Math.max(p.logical(), p.stored()));
        }
        StringBuilder svg = open("size-chart", "Logical size of each commit against the bytes the store holds", H);
        axis(svg, max);
        StringBuilder logical = new StringBuilder();
        StringBuilder stored = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double x = x(i, points.size());
            double yl = y(p.logical(), max);
            double ys = y(p.stored(), max);
            logical.append(fmt(x)).append(',').append(fmt(yl)).append(' ');
            stored.append(fmt(x)).append(',').append(fmt(ys)).append(' ');
            String tip = p.commit().toString().substring(0, 12) + " " + p.message() + "\nlogical "
                + plain(p.logical()) + ", store holds " + plain(p.stored());
            dots.append("<a href=\"/commit?id=").append(p.commit()).append("\"><circle class=\"logical point\" cx=\"")
                .append(fmt(x)).append("\" cy=\"").append(fmt(yl)).append("\" r=\"3.5\"><title>").append(esc(tip))
                .append("</title></circle><circle class=\"stored point\" cx=\"").append(fmt(x)).append("\" cy=\"")
                .append(fmt(ys)).append("\" r=\"3.5\"><title>").append(esc(tip)).append("</title></circle></a>");
        }
        svg.append("<polyline class=\"logical\" fill=\"none\" points=\"").append(logical.toString().strip()).append("\"/>")
            .append("<polyline class=\"stored\" fill=\"none\" points=\"").append(stored.toString().strip()).append("\"/>")
            .append(dots);
        if (!points.isEmpty()) {
            label(svg, LEFT, H - 12, "start", Html.time(points.get(0).time()));
            label(svg, W - RIGHT, H - 12, "end", Html.time(points.get(points.size() - 1).time()));
        }
        svg.append("</svg>");
        return "<figure class=\"chart\">" + svg + "<figcaption><span class=\"key logical\"></span> size of the files in"
            + " each commit (as a full copy) · <span class=\"key stored\"></span> what the store holds after it, every"
            + " version included; the gap is what deduplication and compression save</figcaption></figure>";
    }

    /** A file's versions along its history, oldest left; each dot's area shows what that version added to the store. */
    static String timeline(List<FileVersion> newestFirst) {
        List<FileVersion> versions = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(versions);
        long maxAdded = 1;
        for (FileVersion v : versions) {
            maxAdded = Math.max(maxAdded, v.storedBytes());
        }
        StringBuilder svg = open("timeline", "The versions of this file and what each added to the store", TIMELINE_H);
        int mid = TOP + (TIMELINE_H - TOP - BOTTOM) / 2 + 6;
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(mid).append("\" x2=\"")
            .append(W - RIGHT).append("\" y2=\"").append(mid).append("\"/>");
        for (int i = 0; i < versions.size(); i++) {
            FileVersion v = versions.get(i);
            double x = x(i, versions.size());
            String id = v.commit().id().toString();
            String what = v.change() == DiffEntry.Change.DELETED ? "deleted"
                : v.change() == DiffEntry.Change.METADATA ? "metadata only, added " + plain(v.storedBytes())
                : v.change().name().toLowerCase(Locale.ROOT) + ", " + plain(v.entry().size()) + ", added "
                    + plain(v.storedBytes()) + " to the store";
            String tip = id.substring(0, 12) + " " + Html.time(v.commit().time()) + "\n" + v.commit().shortMessage()
                + "\n" + what;
            double r = v.change() == DiffEntry.Change.DELETED ? 5
                : 4 + 18 * Math.sqrt((double) Math.max(0, v.storedBytes()) / maxAdded);
            svg.append("<a href=\"/commit?id=").append(id).append("\"><circle class=\"version ")
                .append(v.change().name().toLowerCase(Locale.ROOT)).append("\" data-commit=\"").append(id)
                .append("\" cx=\"").append(fmt(x)).append("\" cy=\"").append(mid).append("\" r=\"").append(fmt(r))
                .append("\"><title>").append(esc(tip)).append("</title></circle></a>");
            label(svg, x, mid + 40, "middle", id.substring(0, 8));
            label(svg, x, mid - 30, "middle", what.startsWith("deleted") ? "deleted" : plain(Math.max(0, v.storedBytes())));
        }
        svg.append("</svg>");
        return "<figure class=\"chart\">" + svg + "<figcaption>Oldest left. Each dot is a version (hover for the commit);"
            + " its size and the figure above it show what that version added to the store.</figcaption></figure>";
    }

    private static StringBuilder open(String id, String title, int height) {
        return new StringBuilder("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
            .append(W).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\"><title>")
            .append(esc(title)).append("</title>");
    }

    private static void axis(StringBuilder svg, long max) {
        for (int k = 0; k <= 4; k++) {
            long v = max * k / 4;
            double y = y(v, max);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(fmt(y)).append("\" x2=\"")
                .append(W - RIGHT).append("\" y2=\"").append(fmt(y)).append("\"/>");
            label(svg, LEFT - 6, y + 4, "end", plain(v));
        }
    }

    private static void label(StringBuilder svg, double x, double y, String anchor, String text) {
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(fmt(y)).append("\" text-anchor=\"")
            .append(anchor).append("\">").append(esc(text)).append("</text>");
    }

    private static double x(int i, int n) {
        return n <= 1 ? (LEFT + W - RIGHT) / 2.0 : LEFT + (double) i * (W - RIGHT - LEFT) / (n - 1);
    }

    private static double y(long v, long max) {
        return TOP + (H - TOP - BOTTOM) * (1 - (double) v / max);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** A size as text (no markup): 1.5 MiB. */
    static String plain(long bytes) {
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
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
