package org.xpush.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;

/**
 * Plain sockets for Smack that the client can close from outside: {@link PushClient#stop()} cuts a connection
 * attempt short this way, and tests cut a live connection as a lost network would. Smack asks for an unconnected
 * socket ({@link #createSocket()}) per attempt; closed sockets are forgotten at the next one. Thread-safe.
 */
final class TrackingSocketFactory extends SocketFactory {

    private final List<Socket> sockets = new ArrayList<>();

    @Override
    public Socket createSocket() {
        Socket s = new Socket();
        synchronized (sockets) {
            sockets.removeIf(Socket::isClosed);
            sockets.add(s);
        }
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("Smack connects the socket itself");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("Smack connects the socket itself");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("Smack connects the socket itself");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException("Smack connects the socket itself");
    }

    /** Closes every socket handed out: reads and writes on them fail at once. */
    void closeAll() {
        List<Socket> open;
        synchronized (sockets) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort: the socket is unusable either way
            }
        }
    }
}
