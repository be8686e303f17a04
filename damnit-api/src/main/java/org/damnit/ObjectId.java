package org.damnit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 32-byte SHA-256 content address. Immutable; {@link #toString()} is lower-case hex. */
public final class ObjectId implements Comparable<ObjectId> {
    /** The length of an id, in bytes. */
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] bytes;

    private ObjectId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The id with these bytes (copied).
     *
     * @param bytes {@link #LENGTH} bytes
     * @return the id
     * @throws IllegalArgumentException if {@code bytes} has another length
     */
    public static ObjectId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an object id is " + LENGTH + " bytes, got " + bytes.length);
        }
        return new ObjectId(bytes.clone());
    }

    /**
     * Parses 64 hex digits (either case).
     *
     * @param hex the digits
     * @return the id
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static ObjectId fromHex(String hex) {
        if (!isValidHex(hex)) {
            throw new IllegalArgumentException("not a 64-digit hex object id: " + hex);
        }
        return new ObjectId(HEX.parseHex(hex)); // parses either case
    }

    /**
     * Whether {@code s} is 64 hex digits (either case).
     *
     * @param s the text, may be null
     * @return whether {@link #fromHex} accepts it
     */
    public static boolean isValidHex(String s) {
        if (s == null || s.length() != LENGTH * 2) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The id's bytes.
     *
     * @return a copy of the {@link #LENGTH} bytes
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /**
     * The id in hex.
     *
     * @return 64 lower-case hex digits
     */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /**
     * The first {@code n} hex digits, for display.
     *
     * @param n how many digits (at most 64 are given)
     * @return the prefix of {@link #toHex()}
     */
    public String abbreviate(int n) {
        return toHex().substring(0, Math.min(n, LENGTH * 2));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(ObjectId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
