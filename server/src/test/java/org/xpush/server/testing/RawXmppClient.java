package org.xpush.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw-socket XMPP peer for what library clients never send: it writes exact bytes and reads what the server
 * answers, as text (with " normalised to '). Blocking reads with a timeout; every wait ends.
 */
public final class RawXmppClient implements AutoCloseable {

    public static final String HEADER = "<?xml version='1.0'?><stream:stream to='" + TestServer.DOMAIN
            + "' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final StringBuilder received = new StringBuilder();
    private boolean closedByServer;

    public RawXmppClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Writes text as UTF-8 and flushes. */
    public RawXmppClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawXmppClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Reads until the text received since the last {@link #clear()} contains {@code marker} (returns all of it),
     * or fails when the server closes first or 10 s pass.
     */
    public String readUntil(String marker) throws IOException {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (received.indexOf(marker) < 0) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no '" + marker + "' within 10 s; got: " + received);
            }
            if (n < 0) {
                closedByServer = true;
                throw new AssertionError("server closed before '" + marker + "'; got: " + received);
            }
            pending.write(buf, 0, n);
            received.append(normalizeQuotes(pending.toString(StandardCharsets.UTF_8)));
            pending.reset();
        }
        return received.toString();
    }

    /** Reads until the server closes the TCP connection; returns everything received. */
    public String readUntilClosed() throws IOException {
        byte[] buf = new byte[8192];
        while (!closedByServer) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("server did not close within 10 s; got: " + received);
            } catch (IOException e) {
                closedByServer = true; // reset by peer counts as closed
                break;
            }
            if (n < 0) {
                closedByServer = true;
            } else {
                received.append(normalizeQuotes(new String(buf, 0, n, StandardCharsets.UTF_8)));
            }
        }
        return received.toString();
    }

    /**
     * Attribute values may be quoted either way in XML; the server writes some with ' and some with ". What this
     * client returns has every " turned into ', so assertions can be written one way.
     */
    private static String normalizeQuotes(String s) {
        return s.replace('"', '\'');
    }

    /** Forgets what was received so far. */
    public void clear() {
        received.setLength(0);
    }

    /** Everything received since the last clear. */
    public String received() {
        return received.toString();
    }

    /** After {@code <proceed/>}: wraps the socket in TLS (client mode) and handshakes. */
    public void startTls(SSLContext ctx) throws IOException {
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(socket, TestServer.DOMAIN, socket.getPort(), true);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        socket.setSoTimeout(10_000);
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
        received.setLength(0);
    }

    /** The socket (to write without reading, or to tune buffers). */
    public Socket socket() {
        return socket;
    }

    /** Sets the read timeout (default 10 s). */
    public void readTimeoutMillis(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
