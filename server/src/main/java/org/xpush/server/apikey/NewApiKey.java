package org.xpush.server.apikey;

import java.util.Objects;

/**
 * A key just created: its record and its secret, the text a client sends as {@code Authorization: Bearer …}.
 * The secret is not stored anywhere (only its SHA-256 digest is): show it once and drop it.
 *
 * @param key    the stored record
 * @param secret the key itself, {@code xp_} followed by 43 base64url characters (or the value of
 *               {@code XPUSH_API_KEY} for the initial key)
 */
public record NewApiKey(ApiKey key, String secret) {

    public NewApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    /** Without the secret, so that a stray log line does not leak it. */
    @Override
    public String toString() {
        return "NewApiKey[key=" + key + ", secret=***]";
    }
}
