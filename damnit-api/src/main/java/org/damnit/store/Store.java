package org.damnit.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a repository keeps its objects and refs. Every backend (local disk, memory, S3, third-party)
 * implements this contract and passes the conformance suite {@code StoreContractTest} from the
 * {@code damnit-core} test-jar.
 *
 * <h2>Keys</h2>
 * A key is 1 to 1024 characters from {@code [A-Za-z0-9._/-]}, does not start or end with {@code /},
 * contains no empty segment and no segment {@code .} or {@code ..} (see {@link StoreKeys#check}).
 * Methods throw {@link IllegalArgumentException} for any other key.
 *
 * <h2>Objects</h2>
 * <ul>
 *   <li><b>Write-once.</b> {@link #put} of a key that exists fails with
 *   {@link FileAlreadyExistsException} and leaves the stored object as it was.</li>
 *   <li><b>All-or-nothing.</b> After {@link #put} returns, the whole object is readable; if it throws,
 *   (including when the stream ends before {@code length} bytes or yields more, or the process dies),
 *   no object of that key is visible. Concurrent readers never see a partial object.</li>
 *   <li><b>Durable.</b> For a {@link StoreCapabilities#persistent() persistent} store, an object
 *   whose put returned survives a crash of the process or the machine.</li>
 *   <li>{@link #get} of an absent key throws {@link NoSuchFileException}; the stream yields exactly the
 *   object's bytes (or the asked range). A range past the end is clipped to the end.</li>
 *   <li>{@link #list} returns the keys starting with the prefix, sorted by {@link String#compareTo},
 *   without refs. It may miss objects put concurrently with it, never ones put before it started.</li>
 *   <li>{@link #delete} removes an object; deleting an absent key is not an error (returns false).</li>
 * </ul>
 *
 * <h2>Refs</h2>
 * Refs are a separate namespace of small mutable values (a commit id as text), keyed like objects
 * (e.g. {@code heads/main}). {@link #compareAndSetRef} is the only way to change one and is atomic: of
 * two concurrent updates expecting the same old value, at most one succeeds.
 *
 * <h2>Errors</h2>
 * Any other failure of the backend (full disk, network, permissions) is an {@link IOException} with a
 * message that says what failed. Implementations are thread-safe.
 */
public interface Store extends Closeable {

    /**
     * What this backend offers, so that callers can choose (e.g. whether to cache reads).
     *
     * @return the capabilities; the same for the life of the store
     */
    StoreCapabilities capabilities();

    /**
     * Stores {@code length} bytes read from {@code data} under {@code key}. Does not close {@code data}.
     *
     * @param key    the object's key
     * @param data   the content
     * @param length how many bytes {@code data} holds
     * @throws FileAlreadyExistsException if the key exists
     * @throws IOException                if the stream does not hold exactly {@code length} bytes, or on
     *                                    any storage failure; nothing is stored then
     */
    void put(String key, InputStream data, long length) throws IOException;

    /**
     * Stores the content of a local file under {@code key}, with the same promises as
     * {@link #put(String, InputStream, long)}. The file is left in place and must not change during the
     * call. A store on the same file system may link the file instead of copying it.
     *
     * @param key  the object's key
     * @param file the content
     * @throws FileAlreadyExistsException if the key exists
     * @throws IOException                if the file cannot be read, or on any storage failure
     */
    default void put(String key, java.nio.file.Path file) throws IOException {
        long length = java.nio.file.Files.size(file);
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            put(key, in, length);
        }
    }

    /**
     * The whole object. The caller closes the stream.
     *
     * @param key the object's key
     * @return its bytes
     * @throws NoSuchFileException if the key is absent
     * @throws IOException         on any storage failure
     */
    default InputStream get(String key) throws IOException {
        return get(key, 0, Long.MAX_VALUE);
    }

    /**
     * {@code length} bytes starting at {@code offset} (clipped to the object's end). The caller closes
     * the stream.
     *
     * @param key    the object's key
     * @param offset where to start, at least 0
     * @param length how many bytes at most
     * @return the bytes of that range
     * @throws NoSuchFileException if the key is absent
     * @throws IOException         on any storage failure
     */
    InputStream get(String key, long offset, long length) throws IOException;

    /**
     * The object's size.
     *
     * @param key the object's key
     * @return its size in bytes, or empty if it is absent
     * @throws IOException on any storage failure
     */
    Optional<Long> size(String key) throws IOException;

    /**
     * Keys starting with {@code prefix}, sorted. The caller closes the stream.
     *
     * @param prefix a key prefix (see {@link StoreKeys#checkPrefix}); empty for all objects
     * @return the keys, sorted by {@link String#compareTo}
     * @throws IOException on any storage failure
     */
    Stream<String> list(String prefix) throws IOException;

    /**
     * Removes an object.
     *
     * @param key the object's key
     * @return whether it existed
     * @throws IOException on any storage failure
     */
    boolean delete(String key) throws IOException;

    /**
     * The current value of a ref.
     *
     * @param ref the ref's name
     * @return its value, or empty if it does not exist
     * @throws IOException on any storage failure
     */
    Optional<String> readRef(String ref) throws IOException;

    /**
     * Sets {@code ref} to {@code value} if its current value equals {@code expected} (empty: the ref
     * must not exist). An empty {@code value} deletes the ref.
     *
     * @param ref      the ref's name
     * @param expected the value it must have now, or empty if it must not exist
     * @param value    its new value, or empty to delete it
     * @return true if the update happened, false if the current value differed
     * @throws IOException on any storage failure; the ref then has either the old or the new value
     */
    boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) throws IOException;

    /**
     * Refs starting with {@code prefix}, sorted. The caller closes the stream.
     *
     * @param prefix a ref prefix; empty for all refs
     * @return the ref names, sorted
     * @throws IOException on any storage failure
     */
    Stream<String> listRefs(String prefix) throws IOException;
}
