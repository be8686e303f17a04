package org.damnit;

/** Digest algorithms DAMNIT records. SHA-256 is the content address; MD5 is kept for archives and {@code md5sum}. */
public enum HashAlgorithm {
    /** SHA-256: the id of chunks, trees, commits and files. */
    SHA256("SHA-256", 32),
    /** MD5: recorded for each file, for archives and {@code md5sum}; never trusted as an id. */
    MD5("MD5", 16);

    private final String jcaName;
    private final int length;

    HashAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    /**
     * The name {@link java.security.MessageDigest#getInstance(String)} knows.
     *
     * @return e.g. {@code SHA-256}
     */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The digest's length.
     *
     * @return bytes
     */
    public int length() {
        return length;
    }
}
