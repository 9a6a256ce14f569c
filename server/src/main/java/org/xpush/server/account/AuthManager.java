package org.xpush.server.account;

import java.util.Optional;
import org.xpush.server.sasl.SaslMechanisms;
import org.xpush.server.sasl.ScramHash;
import org.xpush.xmpp.Jid;

/**
 * Accounts and passwords (the role of androidpn's AuthManager and UserService): registration, password checks
 * for PLAIN-equivalent logins (XEP-0078), password changes and removal. Only SCRAM credentials are stored.
 *
 * <p>Every method blocks (JDBC, PBKDF2): call from a worker or virtual thread, never a Netty event loop.
 */
public final class AuthManager {

    /** Outcome of a registration. */
    public enum Registration { CREATED, CONFLICT }

    private final AccountStore store;

    public AuthManager(AccountStore store) {
        this.store = store;
    }

    /**
     * The stored form of a user name: SASLprep, lower case, and a valid JID local part (so the account can log in
     * with every mechanism and be addressed). Throws IllegalArgumentException with a reason when it is not usable.
     */
    public static String normalizeUsername(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("user name is empty");
        String name = SaslMechanisms.normalizeUsername(raw.strip())
                .orElseThrow(() -> new IllegalArgumentException("user name has characters that are not allowed"));
        if (!Jid.isValidLocal(name)) throw new IllegalArgumentException("user name is not a valid JID local part");
        return name;
    }

    /** Checks that a password can be stored; throws IllegalArgumentException with a reason otherwise. */
    public static void checkPassword(String password) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("password is empty");
        if (password.length() > 1024) throw new IllegalArgumentException("password is longer than 1024 characters");
        ScramHash.SHA_256.derive(password, new byte[] {1}, 1); // SASLprep must accept it
    }

    /** Creates an account; CONFLICT when the name is taken. Throws IllegalArgumentException for a bad name or password. */
    public Registration register(String username, String password) {
        String name = normalizeUsername(username);
        checkPassword(password);
        boolean created = store.create(name, ScramHash.SHA_1.derive(password), ScramHash.SHA_256.derive(password));
        return created ? Registration.CREATED : Registration.CONFLICT;
    }

    /** Whether the password is right for the (normalised) user name; false for unknown users. */
    public boolean verify(String username, String password) {
        String name;
        try {
            name = normalizeUsername(username);
        } catch (IllegalArgumentException e) {
            return false;
        }
        Optional<Account> account = store.find(name);
        if (account.isEmpty()) {
            // spend the same time as a real check, so timing does not tell which names exist
            ScramHash.SHA_256.derive(password == null ? "x" : password);
            return false;
        }
        return password != null && ScramHash.SHA_256.verify(password, account.get().sha256());
    }

    /** Sets a new password; false when there is no such account. */
    public boolean changePassword(String username, String newPassword) {
        checkPassword(newPassword);
        return store.updateCredentials(normalizeUsername(username),
                ScramHash.SHA_1.derive(newPassword), ScramHash.SHA_256.derive(newPassword));
    }

    /** Deletes the account; false when there was none. */
    public boolean delete(String username) {
        return store.delete(normalizeUsername(username));
    }

    /** The account, if it exists. */
    public Optional<Account> find(String username) {
        try {
            return store.find(normalizeUsername(username));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The store behind this manager (for listing in the CLI). */
    public AccountStore store() {
        return store;
    }
}
