package org.xpush.client;

/**
 * Follows the connection of a {@link PushClient}: for status displays, logs and tests. Every method has an empty
 * default, so implement only what you need.
 *
 * <p>All methods run on the client's own scheduler thread, one at a time and in order; they must return quickly
 * and must not call {@link PushClient#stop()} expecting it to wait for themselves (it does not wait when called
 * from this thread). An exception thrown here is logged and otherwise ignored.
 */
public interface ConnectionStateListener {

    /** A connection attempt starts: TCP connect to the configured host and port. */
    default void connecting() {}

    /** The TCP connection is open and TLS is negotiated; authentication comes next. */
    default void connected() {}

    /**
     * A device account was created on the server by in-band registration (first start, or the server no longer
     * knew the stored account); its alias and tags start empty.
     *
     * @param username the new account's user name
     */
    default void registered(String username) {}

    /**
     * The device is logged in and receives notifications.
     *
     * @param username the account's user name
     * @param resumed  {@code true} if a previous session was resumed (XEP-0198): nothing was lost and the server
     *                 resends what the device had not acknowledged; {@code false} for a new session, after which
     *                 the server delivers the backlog
     */
    default void authenticated(String username, boolean resumed) {}

    /**
     * The connection ended or a connection attempt failed.
     *
     * @param cause why: an I/O error, a TLS failure (e.g. a certificate that does not match the pin), a stream
     *              error from the server, a failed ping; {@code null} when {@link PushClient#stop()} closed it
     */
    default void disconnected(Throwable cause) {}

    /**
     * The next connection attempt is scheduled.
     *
     * @param delayMillis milliseconds until the attempt (0 for at once)
     */
    default void reconnecting(long delayMillis) {}

    /**
     * The client is not connected and makes no attempt until {@link PushClient#onNetworkAvailable()}, because
     * {@link PushClient#onNetworkLost()} said there is no network.
     */
    default void waitingForNetwork() {}
}
