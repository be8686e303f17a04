package org.damnit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a server that, on demand, resets the connection after a number
 * of request bytes have passed: a connection dropped in the middle of an upload. Bytes are relayed
 * unchanged, so request signatures stay valid.
 */
final class DroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    /** Connections still to drop: the next ones to carry more than {@link #dropAfter} request bytes are reset. */
    final AtomicInteger drops = new AtomicInteger();
    volatile long dropAfter = 100_000;
    final AtomicInteger dropped = new AtomicInteger();

    DroppingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "dropping-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upload) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            long passed = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    long limit = dropAfter;
                    if (upload && passed + n > limit && drops.getAndUpdate(k -> Math.max(0, k - 1)) > 0) {
                        out.write(buf, 0, (int) Math.max(0, limit - passed));
                        out.flush();
                        dropped.incrementAndGet();
                        from.setSoLinger(true, 0); // reset, not a clean close
                        to.setSoLinger(true, 0);
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                    passed += n;
                }
            } catch (IOException e) {
                // the other direction closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, upload ? "proxy-up" : "proxy-down");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
