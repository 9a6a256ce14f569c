package org.xpush.client;

import java.util.Objects;

/** A device account: user name and password on the xpush server. Immutable. */
public final class Credentials {

    private final String username;
    private final String password;

    /**
     * An account's credentials.
     *
     * @param username the account's user name (the local part of its JID), not empty
     * @param password its password, not empty
     */
    public Credentials(String username, String password) {
        if (Objects.requireNonNull(username, "username").isEmpty()) throw new IllegalArgumentException("empty username");
        if (Objects.requireNonNull(password, "password").isEmpty()) throw new IllegalArgumentException("empty password");
        this.username = username;
        this.password = password;
    }

    /** The user name. */
    public String username() {
        return username;
    }

    /** The password. */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials && ((Credentials) o).username.equals(username)
                && ((Credentials) o).password.equals(password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }

    /** The user name only: passwords stay out of logs. */
    @Override
    public String toString() {
        return "Credentials{username=" + username + "}";
    }
}
