package org.xpush.server.storage;

/**
 * The database could not be opened or migrated: a bad or unsupported JDBC URL, an unreachable server, a
 * file already locked by another process, a failed migration. The message names the URL (with any password
 * masked) and the cause, so that it can be shown to the operator as it is.
 */
public final class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
