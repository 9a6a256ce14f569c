package org.xpush.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;

/**
 * The xpush device IQ (device to server, README "Device IQ"): declares that the device acknowledges
 * notifications, sets or clears its alias, replaces, adds or removes tags.
 * <pre>
 *   &lt;iq type='set'&gt;
 *     &lt;device xmlns='urn:xpush:device:0' acknowledges='true'&gt;
 *       &lt;alias&gt;user-42&lt;/alias&gt;
 *       &lt;tags action='set|add|remove'&gt;&lt;tag&gt;news&lt;/tag&gt;&lt;/tags&gt;
 *     &lt;/device&gt;
 *   &lt;/iq&gt;
 * </pre>
 * Absent children leave the setting alone; an empty {@code <alias/>} clears the alias. Each instance is one
 * stanza (Smack gives it an id when sent), so build a new one per request.
 */
final class DeviceIq extends IQ {

    static final String ELEMENT = "device";
    static final String NAMESPACE = "urn:xpush:device:0";

    /** What a {@code <tags/>} child does. */
    enum TagAction {
        SET("set"), ADD("add"), REMOVE("remove");

        final String wire;

        TagAction(String wire) {
            this.wire = wire;
        }
    }

    private final boolean acknowledges;
    private final String alias;
    private final TagAction tagAction;
    private final List<String> tags;

    private DeviceIq(boolean acknowledges, String alias, TagAction tagAction, List<String> tags) {
        super(ELEMENT, NAMESPACE);
        this.acknowledges = acknowledges;
        this.alias = alias;
        this.tagAction = tagAction;
        this.tags = tags == null ? Collections.<String>emptyList() : Collections.unmodifiableList(new ArrayList<>(tags));
        setType(Type.set);
    }

    /** {@code <device acknowledges='true'/>}: sent before the initial presence of every new session. */
    static DeviceIq declareAcknowledging() {
        return new DeviceIq(true, null, null, null);
    }

    /** Sets the alias; {@code ""} clears it. */
    static DeviceIq alias(String alias) {
        return new DeviceIq(false, alias, null, null);
    }

    /** Replaces, adds or removes tags. */
    static DeviceIq tags(TagAction action, List<String> tags) {
        return new DeviceIq(false, null, action, tags);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        if (acknowledges) xml.attribute("acknowledges", "true");
        xml.rightAngleBracket();
        if (alias != null) {
            if (alias.isEmpty()) {
                xml.emptyElement("alias");
            } else {
                xml.element("alias", alias);
            }
        }
        if (tagAction != null) {
            xml.halfOpenElement("tags").attribute("action", tagAction.wire).rightAngleBracket();
            for (String tag : tags) xml.element("tag", tag);
            xml.closeElement("tags");
        }
        return xml;
    }
}
