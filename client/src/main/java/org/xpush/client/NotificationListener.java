package org.xpush.client;

/**
 * Receives the notifications of a {@link PushClient}.
 *
 * <p>Called on a Smack thread of the connection, one notification at a time, in the order the server sent them.
 * The client acknowledges a notification to the server only after this method returned normally; if it throws,
 * the notification is not acknowledged and the server delivers it again at the next login (a new session), so an
 * app that cannot store or show a notification yet can refuse it by throwing. A notification already passed to a
 * listener that returned normally is not passed again, even after a restart (see {@link ReceivedIdStore}).
 *
 * <p>Keep it short (store, show, or hand over to another thread): notifications behind it wait, and the server
 * waits for the acknowledgement.
 */
public interface NotificationListener {

    /**
     * One notification has arrived.
     *
     * @param notification the notification, never {@code null}
     * @throws Exception to refuse it: it is not acknowledged and comes again at the next login
     */
    void onNotification(Notification notification) throws Exception;
}
