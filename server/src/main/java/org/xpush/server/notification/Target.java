package org.xpush.server.notification;

import java.util.List;

/** Who a notification is for (DESIGN §3.3 {@code "to"}). */
public sealed interface Target {

    /** The kind as stored and shown: user, users, alias, tag, all. */
    String kind();

    /** The name for user, alias and tag; null otherwise (a users target is stored as a JSON array). */
    default String value() {
        return null;
    }

    /** Whether the notification is stored once and read per device (broadcast and tag). */
    default boolean fanOut() {
        return false;
    }

    record User(String name) implements Target {
        public String kind() {
            return "user";
        }

        public String value() {
            return name;
        }
    }

    record Users(List<String> names) implements Target {
        public Users {
            names = List.copyOf(names);
        }

        public String kind() {
            return "users";
        }
    }

    record Alias(String alias) implements Target {
        public String kind() {
            return "alias";
        }

        public String value() {
            return alias;
        }
    }

    record Tag(String tag) implements Target {
        public String kind() {
            return "tag";
        }

        public String value() {
            return tag;
        }

        public boolean fanOut() {
            return true;
        }
    }

    record All() implements Target {
        public String kind() {
            return "all";
        }

        public boolean fanOut() {
            return true;
        }
    }

    /** Rebuilds a target from its stored kind and value (users: the names, decoded by the caller). */
    static Target of(String kind, String value, List<String> users) {
        return switch (kind) {
            case "user" -> new User(value);
            case "users" -> new Users(users);
            case "alias" -> new Alias(value);
            case "tag" -> new Tag(value);
            case "all" -> new All();
            default -> throw new IllegalArgumentException("unknown target kind " + kind);
        };
    }
}
