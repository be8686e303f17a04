package org.damnit;

/** Digest algorithms DAMNIT records. SHA-256 is the content address; MD5 is kept for archives and {@code md5sum}. */
public enum HashAlgorithm {
    SHA256("SHA-256", 32), MD5("MD5", 16);

    private final String jcaName;
    private final int length;

    HashAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    /** The name {@link java.security.MessageDigest#getInstance(String)} knows. */
    public String jcaName() {
        return jcaName;
    }

    /** Digest length in bytes. */
    public int length() {
        return length;
    }
}
