package io.kairos.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process TCP proxy on the loopback interface that puts faults between a client and a server where Docker (and
 * so Toxiproxy) is absent: a latency added to every chunk forwarded in either direction, and {@link #resetAll()},
 * which aborts every open connection with a TCP reset as a failing network or load balancer does.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile long latencyNanos;
    private volatile boolean closed;

    private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
        this.listener = listener;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Starts a proxy on a free loopback port that forwards every connection to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            TcpProxy proxy = new TcpProxy(listener, targetHost, targetPort);
            Thread acceptor = new Thread(proxy::accept, "tcp-proxy-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("The TCP proxy could not listen on a loopback port", e);
        }
    }

    /** The port clients connect to instead of the target's. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Delays every chunk forwarded, in both directions, by {@code latency} from now on ({@link Duration#ZERO}: none). */
    public void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    /** Aborts every open connection with a TCP reset (both sides); new connections are accepted as before. */
    public void resetAll() {
        int reset = 0;
        for (Socket socket : Set.copyOf(open)) {
            abort(socket);
            reset++;
        }
        log.info("TCP proxy on port {} reset {} connections to {}:{}", port(), reset, targetHost, targetPort);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                connections.incrementAndGet();
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException e) {
                if (!closed) {
                    log.debug("TCP proxy on port {}: a connection failed: {}", port(), e.getMessage());
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            long delay = latencyNanos;
                            if (delay > 0) {
                                Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // A reset, or the other side's close: the pair ends below.
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        abort(from);
                        abort(to);
                    }
                },
                "tcp-proxy-" + port() + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private void abort(Socket socket) {
        if (open.remove(socket)) {
            try {
                socket.setSoLinger(true, 0); // close with RST, not FIN
            } catch (SocketException e) {
                // already closed
            }
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    /** Stops listening and aborts every open connection. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("TCP proxy on port {} did not close cleanly: {}", port(), e.getMessage());
        }
        Set.copyOf(open).forEach(this::abort);
    }
}
