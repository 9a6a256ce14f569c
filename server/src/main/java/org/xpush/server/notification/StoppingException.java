package org.xpush.server.notification;

/** The server is stopping and no longer accepts notifications; the caller should retry elsewhere or later. */
public final class StoppingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoppingException() {
        super("the server is stopping and accepts no more notifications");
    }
}
