package org.xpush.bench.sasl;

import java.util.List;

/** The SASL mechanisms the simulated clients can use (the {@code --mechanism} option). */
public enum SaslMechanism {
    /** RFC 4616: the password in the clear; the server derives the salted password (PBKDF2) on every login. */
    PLAIN("PLAIN"),
    /** RFC 5802 with SHA-1. */
    SCRAM_SHA_1("SCRAM-SHA-1"),
    /** RFC 7677. */
    SCRAM_SHA_256("SCRAM-SHA-256"),
    /** The strongest the server offers: SCRAM-SHA-256, then SCRAM-SHA-1, then PLAIN. */
    AUTO("auto");

    private final String wireName;

    SaslMechanism(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire ({@code <mechanism>} text). */
    public String wireName() {
        return wireName;
    }

    /** The mechanism to use among those the server offers, or null if none fits. */
    public SaslMechanism choose(List<String> offered) {
        if (this != AUTO) return offered.contains(wireName) ? this : null;
        for (SaslMechanism m : List.of(SCRAM_SHA_256, SCRAM_SHA_1, PLAIN)) {
            if (offered.contains(m.wireName)) return m;
        }
        return null;
    }

    /** Parses the option value: {@code plain}, {@code scram-sha-1}, {@code scram-sha-256} or {@code auto}, any case. */
    public static SaslMechanism parse(String s) {
        for (SaslMechanism m : values()) {
            if (m.wireName.equalsIgnoreCase(s.trim())) return m;
        }
        throw new IllegalArgumentException("unknown SASL mechanism '" + s + "' (PLAIN, SCRAM-SHA-1, SCRAM-SHA-256 or auto)");
    }
}
