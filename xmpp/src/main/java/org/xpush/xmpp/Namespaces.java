package org.xpush.xmpp;

/** The XML namespaces xpush speaks, with the document that defines each. */
public final class Namespaces {

    private Namespaces() {}

    /** RFC 6120 §4.8.3: default namespace of client streams. */
    public static final String CLIENT = "jabber:client";
    /** RFC 6120 §4.8.1: the stream element and stream features. */
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    /** RFC 6120 §4.9.3: stream error conditions. */
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    /** RFC 6120 §5: STARTTLS. */
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    /** RFC 6120 §6: SASL. */
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** RFC 6120 §7: resource binding. */
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    /** RFC 3921 §3 (kept by draft-cridland-xmpp-session): legacy session establishment. */
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    /** RFC 6120 §8.3.3: stanza error conditions. */
    public static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    /** XEP-0198: stream management. */
    public static final String SM = "urn:xmpp:sm:3";
    /** XEP-0077: in-band registration. */
    public static final String REGISTER = "jabber:iq:register";
    /** XEP-0077 §7: the stream feature advertising in-band registration. */
    public static final String FEATURE_REGISTER = "http://jabber.org/features/iq-register";
    /** XEP-0078: legacy (non-SASL) authentication. */
    public static final String AUTH = "jabber:iq:auth";
    /** XEP-0078 §4: the stream feature advertising legacy authentication. */
    public static final String FEATURE_AUTH = "http://jabber.org/features/iq-auth";
    /** XEP-0199: ping. */
    public static final String PING = "urn:xmpp:ping";
    /** XEP-0030: service discovery, info. */
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    /** XEP-0030: service discovery, items. */
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    /** XEP-0092: software version. */
    public static final String VERSION = "jabber:iq:version";
    /** RFC 6121 §2: roster. */
    public static final String ROSTER = "jabber:iq:roster";
    /** XEP-0004: data forms (used by registration). */
    public static final String DATA_FORMS = "jabber:x:data";
    /** The androidpn notification payload (see ANDROIDPN.md). */
    public static final String NOTIFICATION = "androidpn:iq:notification";
}
