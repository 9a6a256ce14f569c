package org.xpush.android;

import android.content.Context;
import android.content.SharedPreferences;
import java.io.IOException;
import java.util.Objects;
import org.xpush.client.CredentialStore;
import org.xpush.client.Credentials;

/**
 * Keeps the device account (a random UUID user and password, registered on the first start) in the app's
 * {@link SharedPreferences}, as androidpn kept it in its client preferences: it survives restarts and app updates,
 * and goes with the app's data (uninstalling or clearing data makes the next start register a new account).
 * Writes are synchronous ({@code commit}), so the account is on disk when the client logs in with it. Thread-safe.
 */
public final class SharedPreferencesCredentialStore implements CredentialStore {

    /** The preferences file the library keeps the account in. */
    public static final String PREFERENCES = "xpush-account";

    static final String USERNAME = "username";
    static final String PASSWORD = "password";

    private final SharedPreferences preferences;

    /**
     * A store in the given preferences.
     *
     * @param preferences where to keep {@code username} and {@code password}
     */
    public SharedPreferencesCredentialStore(SharedPreferences preferences) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
    }

    /**
     * A store in the library's own preferences file, {@value #PREFERENCES}.
     *
     * @param context any context of the app
     * @return the store
     */
    public static SharedPreferencesCredentialStore of(Context context) {
        return new SharedPreferencesCredentialStore(
                context.getApplicationContext().getSharedPreferences(PREFERENCES, Context.MODE_PRIVATE));
    }

    /**
     * The stored account.
     *
     * @return the credentials, or {@code null} when none are stored
     * @throws IOException when only one of user name and password is stored (a damaged store: clear it)
     */
    @Override
    public synchronized Credentials load() throws IOException {
        String username = preferences.getString(USERNAME, null);
        String password = preferences.getString(PASSWORD, null);
        boolean hasUser = username != null && !username.isEmpty();
        boolean hasPassword = password != null && !password.isEmpty();
        if (!hasUser && !hasPassword) return null;
        if (!hasUser || !hasPassword) {
            throw new IOException("the xpush preferences '" + PREFERENCES + "' hold a user name or a password but not "
                    + "both; clear them to register a new device account");
        }
        return new Credentials(username, password);
    }

    /**
     * Stores the account, replacing any other.
     *
     * @param credentials the account
     * @throws IOException if the preferences could not be written to disk
     */
    @Override
    public synchronized void save(Credentials credentials) throws IOException {
        boolean written = preferences.edit()
                .putString(USERNAME, credentials.username())
                .putString(PASSWORD, credentials.password())
                .commit();
        if (!written) throw new IOException("could not write the xpush device account to the preferences");
    }

    /**
     * Forgets the account.
     *
     * @throws IOException if the preferences could not be written to disk
     */
    @Override
    public synchronized void clear() throws IOException {
        if (!preferences.edit().remove(USERNAME).remove(PASSWORD).commit()) {
            throw new IOException("could not clear the xpush device account in the preferences");
        }
    }

    @Override
    public String toString() {
        return "SharedPreferencesCredentialStore{" + PREFERENCES + "}";
    }
}
