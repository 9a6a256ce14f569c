package org.xpush.server.apikey;

import java.time.Instant;
import java.util.Objects;

/**
 * An API key as listings and request handlers see it: never the secret, which exists only at creation
 * ({@link NewApiKey}).
 *
 * @param id       short random public identifier (lower-case hex; {@code initial} for the key made at first start)
 * @param name     the operator's label, e.g. {@code billing-service}; not unique
 * @param created  when it was created
 * @param lastUsed when it last authenticated a request, to the minute; null if never
 * @param revoked  when it was revoked; null while it is valid
 */
public record ApiKey(String id, String name, Instant created, Instant lastUsed, Instant revoked) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
    }

    /** True once the key has been revoked: it no longer authenticates anything. */
    public boolean isRevoked() {
        return revoked != null;
    }
}
