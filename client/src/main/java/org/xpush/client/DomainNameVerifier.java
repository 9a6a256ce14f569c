package org.xpush.client;

import java.net.IDN;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Checks that the server's certificate is for the XMPP domain (RFC 6125 §6, as RFC 6120 §13.7.2.1 asks of
 * clients): a DNS name in subjectAltName equal to the domain, or a wildcard {@code *.example.com} covering exactly
 * one label; an IP address entry for an IP-literal domain. The subject's CN is not looked at (RFC 6125 §6.4.4
 * deprecates it; certificates from public CAs and the one xpush generates carry subjectAltName).
 * Our own, so that the SDK behaves the same on a JVM and on Android (Smack's default verifier comes from
 * smack-java8 or smack-android, which an app may not have).
 */
final class DomainNameVerifier implements HostnameVerifier {

    private static final Logger log = Logger.getLogger(DomainNameVerifier.class.getName());

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    @Override
    public boolean verify(String domain, SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate && matches(domain, (X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException e) {
            log.log(Level.FINE, "no peer certificate to verify", e);
            return false;
        }
    }

    static boolean matches(String domain, X509Certificate certificate) {
        String name = normalize(domain);
        boolean ipLiteral = isIpLiteral(name);
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            log.log(Level.FINE, "unreadable subjectAltName", e);
            return false;
        }
        if (sans == null) return false;
        for (List<?> san : sans) {
            if (san.size() < 2 || !(san.get(0) instanceof Integer) || !(san.get(1) instanceof String)) continue;
            int type = (Integer) san.get(0);
            String value = (String) san.get(1);
            if (type == SAN_DNS && !ipLiteral && dnsMatches(name, normalize(value))) return true;
            if (type == SAN_IP && ipLiteral && sameIp(name, value)) return true;
        }
        return false;
    }

    /** Equal, or {@code *.rest} where {@code rest} equals all but the first label of the name. */
    static boolean dnsMatches(String name, String pattern) {
        if (pattern.startsWith("*.")) {
            String rest = pattern.substring(2);
            int dot = name.indexOf('.');
            // RFC 6125 §6.4.3: the wildcard stands for one whole label, never for a public suffix alone
            return dot > 0 && rest.indexOf('.') > 0 && name.substring(dot + 1).equals(rest);
        }
        return name.equals(pattern);
    }

    private static String normalize(String dnsName) {
        String s = dnsName.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        try {
            return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) return true;
        if (s.isEmpty()) return false;
        for (char c : s.toCharArray()) {
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
    }

    private static boolean sameIp(String literal, String sanValue) {
        try {
            // both are literals: no name lookup happens
            return java.net.InetAddress.getByName(literal).equals(java.net.InetAddress.getByName(sanValue));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
