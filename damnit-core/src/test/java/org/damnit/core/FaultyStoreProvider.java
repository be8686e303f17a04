package org.damnit.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.damnit.store.Store;
import org.damnit.store.StoreCapabilities;
import org.damnit.store.StoreProvider;

/**
 * {@code faulty:NAME}: a memory store whose puts fail once {@link #failAfter} more puts have succeeded
 * ("No space left on device"), for fault-injection tests.
 */
public final class FaultyStoreProvider implements StoreProvider {
    static final ConcurrentHashMap<String, Faulty> STORES = new ConcurrentHashMap<>();

    static final class Faulty implements Store {
        final MemoryStore delegate;
        final AtomicInteger failAfter = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger puts = new AtomicInteger();
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger packGets = new AtomicInteger();
        /** Every key read, in order. */
        final java.util.Queue<String> reads = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Every read of a pack: the range asked for and the thread that asked. */
        final java.util.Queue<PackRead> packReads = new java.util.concurrent.ConcurrentLinkedQueue<>();

        record PackRead(String key, long offset, long length, String thread) {
        }

        Faulty(String name) {
            delegate = new MemoryStore(name);
        }

        @Override
        public StoreCapabilities capabilities() {
            // stands for a network store: a repository reads it through its local cache
            return delegate.capabilities().withLocalReads(false);
        }

        @Override
        public void put(String key, InputStream data, long length) throws IOException {
            if (key.startsWith(Leases.PREFIX)) {
                delegate.put(key, data, length); // leases are not objects: counted and faulted by LeaseTest
                return;
            }
            if (failAfter.getAndDecrement() <= 0) {
                throw new IOException("No space left on device");
            }
            puts.incrementAndGet();
            delegate.put(key, data, length);
        }

        @Override
        public InputStream get(String key, long offset, long length) throws IOException {
            gets.incrementAndGet();
            reads.add(key);
            if (key.startsWith("packs/")) {
                packGets.incrementAndGet();
                packReads.add(new PackRead(key, offset, length, Thread.currentThread().getName()));
            }
            return delegate.get(key, offset, length);
        }

        @Override
        public Optional<Long> size(String key) {
            return delegate.size(key);
        }

        @Override
        public Stream<String> list(String prefix) {
            return delegate.list(prefix);
        }

        @Override
        public boolean delete(String key) {
            return delegate.delete(key);
        }

        @Override
        public Optional<String> readRef(String ref) {
            return delegate.readRef(ref);
        }

        @Override
        public boolean compareAndSetRef(String ref, Optional<String> expected, Optional<String> value) {
            return delegate.compareAndSetRef(ref, expected, value);
        }

        @Override
        public Stream<String> listRefs(String prefix) {
            return delegate.listRefs(prefix);
        }

        @Override
        public void close() {
        }
    }

    @Override
    public String scheme() {
        return "faulty";
    }

    @Override
    public Store open(URI uri, boolean create) {
        return STORES.computeIfAbsent(uri.getSchemeSpecificPart(), Faulty::new);
    }
}
