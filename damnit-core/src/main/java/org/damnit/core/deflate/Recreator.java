package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Re-creates the raw DEFLATE stream a {@link Compressor} made of some content, streaming. */
interface Recreator {
  Compressor compressor();

  void deflate(InputStream content, OutputStream out) throws IOException;

  static Recreator of(Compressor c) {
    if (!c.supported()) {
      throw new IllegalArgumentException("unsupported compressor " + c);
    }
    return switch (c.name()) {
      case Compressor.GNU_GZIP -> new Recreator() {
        private final GnuGzip112 gzip = new GnuGzip112(c.level());

        @Override
        public Compressor compressor() {
          return c;
        }

        @Override
        public void deflate(InputStream content, OutputStream out) throws IOException {
          gzip.deflate(content, out);
        }
      };
      case Compressor.ZLIB -> new Recreator() {
        private final Zlib1213 zlib = new Zlib1213(c.level());

        @Override
        public Compressor compressor() {
          return c;
        }

        @Override
        public void deflate(InputStream content, OutputStream out) throws IOException {
          zlib.deflate(content, out);
        }
      };
      case Compressor.PIGZ -> new Recreator() {
        private final Zlib1213 zlib = new Zlib1213(c.level());

        @Override
        public Compressor compressor() {
          return c;
        }

        @Override
        public void deflate(InputStream content, OutputStream out) throws IOException {
          zlib.pigz(content, out);
        }
      };
      case Compressor.LIBDEFLATE -> new Recreator() {
        private final Libdeflate114 lib = new Libdeflate114(c.level());

        @Override
        public Compressor compressor() {
          return c;
        }

        /** libdeflate compresses whole buffers: callers keep content small (a BGZF block). */
        @Override
        public void deflate(InputStream content, OutputStream out) throws IOException {
          byte[] all = content.readAllBytes();
          out.write(lib.compress(all, 0, all.length));
        }
      };
      default -> throw new IllegalArgumentException(c.toString());
    };
  }
}
