package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file read by position, as the walker reads the file it walks: a {@link FileChannel}, or a stored file
 * read through its chunks. Reads never move a shared position, so several may go on at once.
 */
public interface Positional {
  /** Reads into {@code dst} from {@code pos} on; the bytes read, or -1 at the end of the file. */
  int read(ByteBuffer dst, long pos) throws IOException;

  /** The file's size. */
  long size() throws IOException;

  /** A file channel's bytes (its position is left alone). */
  static Positional of(FileChannel ch) {
    return new Positional() {
      @Override
      public int read(ByteBuffer dst, long pos) throws IOException {
        return ch.read(dst, pos);
      }

      @Override
      public long size() throws IOException {
        return ch.size();
      }
    };
  }

  /** The bytes [from, to) in order. */
  default InputStream stream(long from, long to) {
    return new ChannelInput(this, from, to);
  }
}
