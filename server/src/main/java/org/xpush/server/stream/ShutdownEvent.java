package org.xpush.server.stream;

/** Fired down every client pipeline at shutdown: the connection ends its stream with {@code system-shutdown}. */
public final class ShutdownEvent {

    public static final ShutdownEvent INSTANCE = new ShutdownEvent();

    private ShutdownEvent() {}
}
