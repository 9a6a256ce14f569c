package org.xpush.client;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;

/**
 * Handles notification IQs: drops duplicates, passes new notifications to the app's {@link NotificationListener},
 * and acknowledges (IQ result with the same id, README "Delivery") only what the listener accepted.
 *
 * <p>Runs in Smack's synchronous mode: one notification at a time per connection, in arrival order, which keeps
 * the server's per-device order (DESIGN §3.4).
 */
final class NotificationReceiver extends AbstractIqRequestHandler {

    private static final Logger log = Logger.getLogger(NotificationReceiver.class.getName());

    private final NotificationListener listener;
    private final ReceivedIds received;

    NotificationReceiver(NotificationListener listener, ReceivedIds received) {
        super(NotificationIq.ELEMENT, NotificationIq.NAMESPACE, IQ.Type.set, IQRequestHandler.Mode.sync);
        this.listener = listener;
        this.received = received;
    }

    /**
     * The answer to one notification IQ: a result (the acknowledgement), or {@code null} for no answer, after which
     * the server delivers the notification again at the device's next login.
     */
    @Override
    public IQ handleIQRequest(IQ request) {
        if (!(request instanceof NotificationIq)) {
            // another library replaced our provider for this element in Smack's process-wide ProviderManager
            log.severe("a notification IQ was parsed as " + request.getClass().getName()
                    + ", not by the xpush provider; it is left unacknowledged");
            return null;
        }
        Notification n = ((NotificationIq) request).notification();
        String id = n.id();
        boolean hasId = id != null && !id.isEmpty();
        if (hasId && received.contains(id)) {
            log.fine("notification " + id + " received again; acknowledged, not passed to the app twice");
            return IQ.createResultIQ(request);
        }
        try {
            listener.onNotification(n);
        } catch (Exception e) {
            log.log(Level.WARNING, "the app's listener refused notification " + id
                    + "; it is not acknowledged and comes again at the next login", e);
            return null;
        }
        // remembered before the acknowledgement: if the process dies in between, the redelivery is a known duplicate
        if (hasId) received.remember(id);
        return IQ.createResultIQ(request);
    }
}
