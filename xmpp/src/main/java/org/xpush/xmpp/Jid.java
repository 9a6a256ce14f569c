package org.xpush.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An XMPP address {@code local@domain/resource} (RFC 7622).
 *
 * <p>Local part and domain are case-folded to lower case (a simplification of the PRECIS
 * UsernameCaseMapped profile that is exact for the ASCII accounts xpush creates); the resource keeps
 * its case. Each part is at most 1023 bytes of UTF-8 (RFC 7622 §3.2-3.4).
 *
 * @param local    the local part, or null for a domain or server JID
 * @param domain   the domain part, never empty
 * @param resource the resource, or null for a bare JID
 */
public record Jid(String local, String domain, String resource) {

    private static final int MAX_PART_BYTES = 1023;

    public Jid {
        if (domain == null || domain.isEmpty()) throw new IllegalArgumentException("JID domain must not be empty");
        if (local != null) {
            if (local.isEmpty()) throw new IllegalArgumentException("JID local part must not be empty");
            checkLocal(local);
            local = local.toLowerCase(Locale.ROOT);
        }
        checkDomain(domain);
        domain = domain.toLowerCase(Locale.ROOT);
        if (resource != null) {
            if (resource.isEmpty()) throw new IllegalArgumentException("JID resource must not be empty");
            checkLength(resource, "resource");
        }
    }

    /** Parses {@code [local@]domain[/resource]}; throws IllegalArgumentException when it is not a valid JID. */
    public static Jid parse(String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("empty JID");
        int slash = s.indexOf('/');
        String resource = null;
        String rest = s;
        if (slash >= 0) {
            resource = s.substring(slash + 1);
            rest = s.substring(0, slash);
        }
        int at = rest.indexOf('@');
        String local = null;
        String domain = rest;
        if (at >= 0) {
            local = rest.substring(0, at);
            domain = rest.substring(at + 1);
        }
        if (domain.indexOf('@') >= 0) throw new IllegalArgumentException("JID has two '@': " + s);
        return new Jid(local, domain, resource);
    }

    /** Parses, returning null instead of throwing for a malformed JID. */
    public static Jid parseOrNull(String s) {
        try {
            return s == null ? null : parse(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A bare JID {@code local@domain}. */
    public static Jid bare(String local, String domain) {
        return new Jid(local, domain, null);
    }

    /** This JID without its resource. */
    public Jid asBare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    /** This JID with the given resource. */
    public Jid withResource(String newResource) {
        return new Jid(local, domain, newResource);
    }

    public boolean isBare() {
        return resource == null;
    }

    /** True if the given string is a valid local part (for user names). */
    public static boolean isValidLocal(String local) {
        if (local == null || local.isEmpty()) return false;
        try {
            checkLocal(local);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void checkLocal(String local) {
        checkLength(local, "local part");
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            // RFC 7622 §3.3.1: these are disallowed in the local part; we also refuse whitespace and controls.
            if (c <= 0x20 || c == 0x7f || c == '"' || c == '&' || c == '\'' || c == '/' || c == ':' || c == '<'
                    || c == '>' || c == '@') {
                throw new IllegalArgumentException("JID local part has a forbidden character");
            }
        }
    }

    /**
     * RFC 7622 §3.2: the domain part is a DNS name or an IP literal. We refuse what can never be one (whitespace,
     * controls, and the characters that delimit or quote JIDs and XML), not full IDNA validation.
     */
    private static void checkDomain(String domain) {
        checkLength(domain, "domain");
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '"' || c == '&' || c == '\'' || c == '/' || c == '<' || c == '>'
                    || c == '@' || c == '\\' || c == ',' || c == ';') {
                throw new IllegalArgumentException("JID domain has a forbidden character");
            }
        }
        if (domain.startsWith(".") || domain.endsWith("..")) throw new IllegalArgumentException("JID domain is malformed");
    }

    private static void checkLength(String part, String what) {
        if (part.length() > MAX_PART_BYTES || part.getBytes(StandardCharsets.UTF_8).length > MAX_PART_BYTES) {
            throw new IllegalArgumentException("JID " + what + " longer than 1023 bytes");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(domain.length() + 40);
        if (local != null) sb.append(local).append('@');
        sb.append(domain);
        if (resource != null) sb.append('/').append(resource);
        return sb.toString();
    }
}
