package org.xpush.server.account;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the server keeps of a password for one SCRAM hash function (RFC 5802 §3): never the password itself.
 *
 * @param salt       the random salt
 * @param iterations the PBKDF2 iteration count
 * @param storedKey  H(ClientKey)
 * @param serverKey  HMAC(SaltedPassword, "Server Key")
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    public ScramCredentials {
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
        if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c
                && iterations == c.iterations
                && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey)
                && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    /** Shows only the salt and iteration count: keys are secrets. */
    @Override
    public String toString() {
        return "ScramCredentials[salt=" + HexFormat.of().formatHex(salt) + ", iterations=" + iterations + "]";
    }
}
