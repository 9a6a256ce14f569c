package org.xpush.server.stream;

import java.util.List;
import org.xpush.xmpp.Namespaces;

/** The {@code <stream:features/>} a client is offered at each step of negotiation (RFC 6120 §4.3.2). */
final class StreamFeatures {

    private StreamFeatures() {}

    /**
     * Before authentication. RFC 6120 §5.3.1: when TLS is mandatory and not yet negotiated, only STARTTLS is
     * offered. XEP-0077 §7 and XEP-0078 §4 features tell old clients that registration and legacy auth exist.
     */
    static String beforeAuth(boolean canStartTls, boolean tlsRequired, List<String> mechanisms, boolean registrationOpen) {
        StringBuilder sb = new StringBuilder(512).append("<stream:features>");
        if (canStartTls) {
            sb.append("<starttls xmlns='").append(Namespaces.TLS).append("'>");
            if (tlsRequired) sb.append("<required/>");
            sb.append("</starttls>");
            if (tlsRequired) return sb.append("</stream:features>").toString();
        }
        if (!mechanisms.isEmpty()) {
            sb.append("<mechanisms xmlns='").append(Namespaces.SASL).append("'>");
            for (String m : mechanisms) sb.append("<mechanism>").append(m).append("</mechanism>");
            sb.append("</mechanisms>");
        }
        if (registrationOpen) sb.append("<register xmlns='").append(Namespaces.FEATURE_REGISTER).append("'/>");
        sb.append("<auth xmlns='").append(Namespaces.FEATURE_AUTH).append("'/>");
        return sb.append("</stream:features>").toString();
    }

    /** After SASL: resource binding, the (optional) legacy session, and XEP-0198. */
    static String afterAuth() {
        return "<stream:features><bind xmlns='" + Namespaces.BIND + "'/>"
                + "<session xmlns='" + Namespaces.SESSION + "'><optional/></session>"
                + "<sm xmlns='" + Namespaces.SM + "'/></stream:features>";
    }
}
