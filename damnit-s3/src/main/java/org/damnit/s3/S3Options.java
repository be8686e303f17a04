package org.damnit.s3;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of an {@code s3:} store URI. The defaults work unchanged on AWS S3 and on S3-compatible
 * servers that decode neither aws-chunked bodies nor flexible checksums: bodies are sent whole with a
 * {@code Content-MD5} header, and checksums the SDK adds on its own are sent only where an operation
 * requires one.
 */
record S3Options(String region, URI endpoint, boolean pathStyle, boolean checksumsWhenRequired,
                 boolean chunkedEncoding, Boolean payloadSigning, boolean singleWriter, long leaseSeconds,
                 long multipartThreshold, long partSize) {

    static final Set<String> KNOWN = Set.of("region", "endpoint", "pathStyle", "checksums", "chunkedEncoding",
        "payloadSigning", "singleWriter", "leaseSeconds", "multipartThreshold", "partSize");

    static S3Options parse(URI uri) throws IOException {
        Map<String, String> q = query(uri);
        if (q.containsKey("accessKey") || q.containsKey("secretKey")) {
            throw new IOException("credentials do not belong in the store URI; use AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY or an AWS profile");
        }
        for (String k : q.keySet()) {
            if (!KNOWN.contains(k)) {
                throw new IOException("unknown option '" + k + "' in " + uri + " (known: "
                    + String.join(", ", new java.util.TreeSet<>(KNOWN)) + ")");
            }
        }
        URI endpoint = q.containsKey("endpoint") ? URI.create(q.get("endpoint")) : null;
        String checksums = q.getOrDefault("checksums", "when_required").toLowerCase(Locale.ROOT);
        if (!checksums.equals("when_required") && !checksums.equals("when_supported")) {
            throw new IOException("checksums=" + checksums + " in " + uri + ": use when_required or when_supported");
        }
        return new S3Options(q.get("region"), endpoint,
            bool(q, "pathStyle", endpoint != null, uri), checksums.equals("when_required"),
            bool(q, "chunkedEncoding", false, uri),
            q.containsKey("payloadSigning") ? bool(q, "payloadSigning", false, uri) : null,
            bool(q, "singleWriter", false, uri),
            number(q, "leaseSeconds", 1800, uri),
            number(q, "multipartThreshold", 64L << 20, uri),
            number(q, "partSize", 16L << 20, uri));
    }

    /** What makes two stores talk to the same server the same way (the probe cache's key). */
    String serverKey(String bucket) {
        return (endpoint == null ? "aws:" + region : endpoint.toString()) + "|" + bucket + "|" + pathStyle + "|"
            + checksumsWhenRequired + "|" + chunkedEncoding + "|" + payloadSigning;
    }

    private static boolean bool(Map<String, String> q, String key, boolean dflt, URI uri) throws IOException {
        String v = q.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IOException(key + "=" + v + " in " + uri + ": use true or false");
        };
    }

    private static long number(Map<String, String> q, String key, long dflt, URI uri) throws IOException {
        String v = q.get(key);
        try {
            long n = v == null ? dflt : Long.parseLong(v);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException(key + "=" + v + " in " + uri + ": use a positive whole number");
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return m;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "true" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }
}
