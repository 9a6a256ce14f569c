package org.xpush.client;

import java.io.IOException;

/**
 * Where a {@link PushClient} keeps its device account between runs. {@link FileCredentialStore} is the default;
 * on Android, SharedPreferences are a natural store (README "Client SDK").
 *
 * <p>The client calls these methods on its scheduler thread, never two at once.
 */
public interface CredentialStore {

    /**
     * The stored account.
     *
     * @return the credentials, or {@code null} when none are stored (the client then registers a new account)
     * @throws IOException if the store cannot be read; the client retries later with back-off
     */
    Credentials load() throws IOException;

    /**
     * Stores a newly registered account, replacing any other. Must be durable when it returns: a client that
     * registers but forgets its account leaves an orphan account on the server.
     *
     * @param credentials the account to keep
     * @throws IOException if it cannot be stored
     */
    void save(Credentials credentials) throws IOException;

    /**
     * Forgets the stored account (the server no longer knows it).
     *
     * @throws IOException if it cannot be removed
     */
    void clear() throws IOException;
}
