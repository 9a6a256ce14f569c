package org.xpush.client;

import org.jivesoftware.smack.packet.IQ;

/**
 * The notification IQ (server to device) as Smack hands it to the {@link NotificationReceiver}: an IQ set whose
 * {@code <notification xmlns='androidpn:iq:notification'/>} was parsed by {@link NotificationIqProvider}. Its IQ id
 * is the notification id; the device acknowledges with an IQ result of the same id (README "The notification IQ").
 */
final class NotificationIq extends IQ {

    static final String ELEMENT = "notification";
    static final String NAMESPACE = "androidpn:iq:notification";

    private final Notification notification;

    NotificationIq(Notification notification) {
        super(ELEMENT, NAMESPACE);
        this.notification = notification;
    }

    Notification notification() {
        return notification;
    }

    /** Never sent by the device; serialized empty so that debug output does not carry the users' data. */
    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.setEmptyElement();
        return xml;
    }
}
