package org.xpush.server.notification;

import java.util.List;

/** A notification named accounts that do not exist. */
public final class UnknownUsersException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> users;

    public UnknownUsersException(List<String> users) {
        super("unknown users: " + String.join(", ", users));
        this.users = List.copyOf(users);
    }

    public List<String> users() {
        return users;
    }
}
