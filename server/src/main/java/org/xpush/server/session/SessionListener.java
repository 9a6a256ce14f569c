package org.xpush.server.session;

/**
 * Told when sessions become available and when they end. Methods run on whatever thread made the change (an
 * event loop, an HTTP request thread, a virtual thread of blocking work) and must not block.
 */
public interface SessionListener {

    /** A resource was bound (or a session resumed): it can receive stanzas now. */
    default void sessionAvailable(ClientSession session) {}

    /** The session ended for good (not merely detached awaiting resumption). */
    default void sessionEnded(ClientSession session) {}
}
