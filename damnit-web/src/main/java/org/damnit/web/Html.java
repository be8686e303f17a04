package org.damnit.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Escaping, formatting and the page frame shared by every page. */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(ZoneOffset.UTC);
    private static final String[] NAV = {"/", "Summary", "/log", "History", "/tree", "Files", "/status", "Status",
        "/search", "Search", "/add", "Add files"};

    private Html() {
    }

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A URL query component. */
    static String q(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** A size for people, with the exact byte count as a tooltip. */
    static String size(long bytes) {
        String h;
        if (bytes < 1024) {
            h = bytes + " B";
        } else {
            String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
            double v = bytes;
            int u = -1;
            while (v >= 1024 && u < units.length - 1) {
                v /= 1024;
                u++;
            }
            h = String.format(java.util.Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
        }
        return "<span class=\"size\" title=\"" + String.format(java.util.Locale.ROOT, "%,d", bytes) + " bytes\">"
            + h + "</span>";
    }

    /** A long hex checksum, shortened, with the full value as a tooltip and selectable text. */
    static String hash(Object hex) {
        if (hex == null) {
            return "";
        }
        String s = hex.toString();
        return "<code class=\"hash\" title=\"" + esc(s) + "\">" + esc(s.length() > 12 ? s.substring(0, 12) + "…" : s)
            + "</code>";
    }

    /** A commit id: 12 characters, the full id on hover, and a button that copies the full id. */
    static String id(Object id) {
        String s = id.toString();
        return "<code class=\"hash id\" title=\"" + esc(s) + "\">" + esc(s.substring(0, Math.min(12, s.length())))
            + "</code><button type=\"button\" class=\"copy\" data-copy=\"" + esc(s)
            + "\" title=\"copy the full id\">copy</button>";
    }

    /** A commit id linking to its page, with the copy button next to (not inside) the link. */
    static String commitLink(Object id) {
        String s = id.toString();
        return "<a class=\"commit-id\" href=\"/commit?id=" + esc(s) + "\"><code class=\"hash id\" title=\"" + esc(s)
            + "\">" + esc(s.substring(0, Math.min(12, s.length()))) + "</code></a><button type=\"button\" class=\"copy\""
            + " data-copy=\"" + esc(s) + "\" title=\"copy the full id\">copy</button>";
    }

    /** The one-line explanations of the words a newcomer meets. */
    static final Map<String, String> TERMS = Map.of(
        "HEAD", "the latest commit of the current branch: what the project looked like when last recorded",
        "working tree", "the project directory as it is on disk now, including changes not yet committed",
        "dedup ratio", "all versions as full copies divided by what the store holds: 4× means keeping every"
            + " version costs a quarter of keeping full copies",
        "commit id", "the fingerprint (SHA-256) of a commit; the first 12 characters are enough to name it");

    /** A term with its explanation on hover. */
    static String term(String word) {
        return "<abbr class=\"term\" title=\"" + esc(TERMS.get(word)) + "\">" + esc(word) + "</abbr>";
    }

    /** A visible one-line explanation of a term, for the page where it first appears. */
    static String explain(String word) {
        return "<p class=\"explain\" data-term=\"" + esc(word) + "\"><b>" + esc(word) + "</b>: " + esc(TERMS.get(word))
            + ".</p>";
    }

    static String meta(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append("<span class=\"kv\">").append(esc(k)).append('=').append(esc(v)).append("</span> "));
        return b.toString();
    }

    static String page(String title, String repoName, String csrf, String body) {
        StringBuilder nav = new StringBuilder();
        for (int i = 0; i < NAV.length; i += 2) {
            nav.append("<a href=\"").append(NAV[i]).append("\">").append(NAV[i + 1]).append("</a>");
        }
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<meta name=\"csrf-token\" content=\"" + esc(csrf) + "\">"
            + "<title>" + esc(title) + " · " + esc(repoName) + " · DAMNIT</title>"
            + "<link rel=\"stylesheet\" href=\"/static/style.css\"><script src=\"/static/app.js\" defer></script>"
            + "</head><body><header><a class=\"brand\" href=\"/\">DAMNIT</a><span class=\"repo\">" + esc(repoName)
            + "</span><nav>" + nav + "</nav></header><main><h1>" + esc(title) + "</h1>" + body
            + "</main></body></html>\n";
    }
}
