package org.damnit.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Text output with names shown escaped ({@code \xHH}): a byte of a file name that is not UTF-8, a
 * control character, and, where the terminal's character set lacks a character (LANG=C), the UTF-8
 * bytes of that character. Names stay unambiguous in any locale; JSON output escapes on its own.
 */
final class NameEscapingWriter extends FilterWriter {
    private final CharsetEncoder encoder;
    private char pendingHigh;

    private NameEscapingWriter(Writer out, Charset charset) {
        super(out);
        this.encoder = charset.newEncoder();
    }

    static PrintWriter wrap(PrintWriter out) {
        return new PrintWriter(new NameEscapingWriter(out, terminalCharset()), true);
    }

    private static Charset terminalCharset() {
        String name = System.getProperty("stdout.encoding",
            System.getProperty("sun.stdout.encoding", System.getProperty("native.encoding", "UTF-8")));
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public void write(int c) throws IOException {
        char ch = (char) c;
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(ch)) {
                String pair = new String(new char[] {high, ch});
                if (encoder.canEncode(pair)) {
                    out.write(pair);
                } else {
                    escape(pair);
                }
                return;
            }
            escape(String.valueOf(high));
        }
        if (Character.isHighSurrogate(ch)) {
            pendingHigh = ch;
        } else if (ch >= 0xDC80 && ch <= 0xDCFF) {
            out.write(String.format("\\x%02x", ch - 0xDC00)); // a byte of a name that is not UTF-8
        } else if ((ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') || ch == 0x7f || Character.isSurrogate(ch)) {
            out.write(String.format("\\x%02x", ch & 0xff));
        } else if (ch < 0x80 || encoder.canEncode(ch)) {
            out.write(ch);
        } else {
            escape(String.valueOf(ch));
        }
    }

    private void escape(String s) throws IOException {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.write(String.format("\\x%02x", b & 0xff));
        }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            write(cbuf[off + i]);
        }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            write(str.charAt(off + i));
        }
    }
}
