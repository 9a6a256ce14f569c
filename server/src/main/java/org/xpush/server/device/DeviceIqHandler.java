package org.xpush.server.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.routing.IqHandler;
import org.xpush.server.session.ClientSession;
import org.xpush.server.work.BlockingWork;
import org.xpush.xmpp.stanza.StanzaError;
import org.xpush.xmpp.stanza.StanzaError.Condition;
import org.xpush.xmpp.stanza.Stanzas;
import org.xpush.xmpp.xml.Element;

/**
 * The xpush device IQ ({@value #NAMESPACE}, documented in README "Device IQ"): a device reads or sets its own
 * alias and tags, and declares that it acknowledges notifications.
 * <pre>
 *   &lt;iq type='set' id='1'&gt;
 *     &lt;device xmlns='urn:xpush:device:0' acknowledges='true'&gt;
 *       &lt;alias&gt;user-42&lt;/alias&gt;
 *       &lt;tags action='set|add|remove'&gt;&lt;tag&gt;news&lt;/tag&gt;&lt;/tags&gt;
 *     &lt;/device&gt;
 *   &lt;/iq&gt;
 * </pre>
 * An absent child leaves that setting alone; an empty {@code <alias/>} clears the alias. The answer to get and
 * set is the device's current state in the same form.
 */
public final class DeviceIqHandler implements IqHandler {

    public static final String NAMESPACE = "urn:xpush:device:0";

    private static final Logger log = LoggerFactory.getLogger(DeviceIqHandler.class);

    private final DeviceService devices;
    private final BlockingWork work;

    public DeviceIqHandler(DeviceService devices, BlockingWork work) {
        this.devices = devices;
        this.work = work;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public void handle(ClientSession session, Element iq) {
        Element query = iq.firstElement().orElseThrow();
        if (!"device".equals(query.name())) {
            session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.BAD_REQUEST, "expected <device/>")));
            return;
        }
        boolean set = "set".equals(iq.attribute("type"));
        String user = session.username();
        work.run("device IQ", () -> {
            try {
                if (set && "true".equals(query.attribute("acknowledges"))) devices.declareAcknowledging(user);
                Optional<Device> device = set ? apply(user, query) : devices.device(user);
                session.deliver(device.map(d -> Stanzas.iqResult(iq, toElement(d)))
                        .orElseGet(() -> Stanzas.errorReply(iq, StanzaError.of(Condition.ITEM_NOT_FOUND))));
            } catch (IllegalArgumentException e) {
                session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.NOT_ACCEPTABLE, e.getMessage())));
            } catch (RuntimeException e) {
                log.error("device IQ failed for {}", user, e);
                session.deliver(Stanzas.errorReply(iq, StanzaError.of(Condition.INTERNAL_SERVER_ERROR)));
            }
        });
    }

    private Optional<Device> apply(String user, Element query) {
        Optional<Device> result = devices.device(user);
        Element alias = query.child("alias");
        if (alias != null) {
            String value = alias.text().strip();
            result = devices.setAlias(user, value.isEmpty() ? null : value);
        }
        Element tags = query.child("tags");
        if (tags != null) {
            List<String> names = new ArrayList<>();
            for (Element t : tags.elements()) {
                if (t.is("tag", NAMESPACE)) names.add(t.text().strip());
            }
            String action = tags.attribute("action") == null ? "set" : tags.attribute("action");
            result = switch (action) {
                case "set" -> devices.setTags(user, names);
                case "add" -> devices.addTags(user, names);
                case "remove" -> devices.removeTags(user, names);
                default -> throw new IllegalArgumentException("tags action must be set, add or remove");
            };
        }
        return result;
    }

    static Element toElement(Device d) {
        Element.Builder tags = Element.builder("tags", NAMESPACE);
        for (String t : d.tags()) tags.textChild("tag", t);
        Element.Builder b = Element.builder("device", NAMESPACE)
                .attribute("acknowledges", Boolean.toString(d.acknowledges()));
        if (d.alias() != null) b.textChild("alias", d.alias());
        return b.child(tags.build()).build();
    }
}
