package org.damnit.core.deflate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Re-creates the raw DEFLATE stream a {@link Compressor} made of some content, streaming. */
@FunctionalInterface
interface Recreator {
  void deflate(InputStream content, OutputStream out) throws IOException;

  static Recreator of(Compressor c) {
    if (!c.supported()) {
      throw new IllegalArgumentException("unsupported compressor " + c);
    }
    return switch (c.name()) {
      case Compressor.GNU_GZIP -> new GnuGzip112(c.level())::deflate;
      case Compressor.ZLIB -> new Zlib1213(c.level())::deflate;
      case Compressor.PIGZ -> new Zlib1213(c.level())::pigz;
      case Compressor.LIBDEFLATE -> {
        Libdeflate114 lib = new Libdeflate114(c.level());
        // libdeflate compresses whole buffers: callers keep content small (a BGZF block)
        yield (content, out) -> {
          byte[] all = content.readAllBytes();
          out.write(lib.compress(all, 0, all.length));
        };
      }
      default -> throw new IllegalArgumentException(c.toString());
    };
  }
}
