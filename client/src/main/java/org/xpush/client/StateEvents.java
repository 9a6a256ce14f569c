package org.xpush.client;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Calls the app's {@link ConnectionStateListener}, logging (and otherwise ignoring) what it throws. */
final class StateEvents {

    private static final Logger log = Logger.getLogger(StateEvents.class.getName());

    private final ConnectionStateListener listener;

    StateEvents(ConnectionStateListener listener) {
        this.listener = listener;
    }

    void connecting() {
        try {
            listener.connecting();
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void connected() {
        try {
            listener.connected();
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void registered(String username) {
        try {
            listener.registered(username);
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void authenticated(String username, boolean resumed) {
        try {
            listener.authenticated(username, resumed);
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void disconnected(Throwable cause) {
        try {
            listener.disconnected(cause);
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void reconnecting(long delayMillis) {
        try {
            listener.reconnecting(delayMillis);
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    void waitingForNetwork() {
        try {
            listener.waitingForNetwork();
        } catch (RuntimeException e) {
            logFailure(e);
        }
    }

    private static void logFailure(RuntimeException e) {
        log.log(Level.WARNING, "the connection state listener threw; ignored", e);
    }
}
