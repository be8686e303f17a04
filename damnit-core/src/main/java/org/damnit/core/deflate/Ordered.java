package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Tasks run on a few threads and their results taken back in the order they were given, with at most
 * {@link #LIMIT} given and not yet taken (the caller takes before giving more). Each thread has its
 * own state {@code S} (its compressors and buffers). With one thread, tasks run in the caller's
 * thread as they are given. A task's failure is thrown when its result is taken.
 */
final class Ordered<S, T> implements AutoCloseable {
  /** Tasks in flight at most: BGZF blocks of 64 KiB in and out, so a few MiB whatever the file size. */
  static final int LIMIT = 64;

  @FunctionalInterface
  interface Task<S, T> {
    T run(S state) throws IOException;
  }

  private final ExecutorService pool;
  /** Whether the pool is this instance's own, stopped by {@link #close()}. */
  private final boolean owned;
  private final ThreadLocal<S> perThread;
  private final S inline;
  private final ArrayDeque<Future<T>> inFlight = new ArrayDeque<>();

  /** On the threads of a pool shared with others (not stopped by {@link #close()}), each with its own state. */
  Ordered(ExecutorService shared, Supplier<S> state) {
    pool = shared;
    owned = false;
    perThread = ThreadLocal.withInitial(state);
    inline = null;
  }

  Ordered(int threads, Supplier<S> state) {
    if (threads < 1) throw new IllegalArgumentException("threads " + threads);
    owned = true;
    if (threads == 1) {
      pool = null;
      perThread = null;
      inline = state.get();
    } else {
      AtomicInteger n = new AtomicInteger();
      pool = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "damnit-deflate-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      perThread = ThreadLocal.withInitial(state);
      inline = null;
    }
  }

  boolean isEmpty() {
    return inFlight.isEmpty();
  }

  /** Tasks given and not yet taken. */
  int size() {
    return inFlight.size();
  }

  boolean full() {
    return inFlight.size() >= LIMIT;
  }

  /** Gives a task; the caller takes a result first when {@link #full()}. */
  void give(Task<S, T> task) {
    if (full()) throw new IllegalStateException("more than " + LIMIT + " tasks in flight");
    if (pool == null) {
      java.util.concurrent.FutureTask<T> f = new java.util.concurrent.FutureTask<>(() -> task.run(inline));
      f.run();
      inFlight.add(f);
    } else {
      inFlight.add(pool.submit(() -> task.run(perThread.get())));
    }
  }

  /** The result of the oldest task given and not yet taken, waiting for it. */
  T take() throws IOException {
    Future<T> f = inFlight.remove();
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while re-creating");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) throw io;
      if (c instanceof UncheckedIOException u) throw u.getCause();
      if (c instanceof RuntimeException r) throw r;
      if (c instanceof Error err) throw err;
      throw new IOException(c);
    }
  }

  /** Drops every task given and not yet taken (those not started are cancelled); the threads stay. */
  void cancel() {
    inFlight.forEach(f -> f.cancel(false));
    inFlight.clear();
  }

  /** Stops the threads (of its own pool; a shared pool's tasks not yet started are cancelled); results not taken are dropped. */
  @Override
  public void close() {
    if (pool != null && owned) {
      pool.shutdownNow();
    } else {
      inFlight.forEach(f -> f.cancel(false));
    }
    inFlight.clear();
  }
}
