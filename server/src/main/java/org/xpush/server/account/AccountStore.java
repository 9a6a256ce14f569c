package org.xpush.server.account;

import java.util.List;
import java.util.Optional;

/**
 * Durable storage of accounts. Implementations block (JDBC): call them from a worker or virtual thread,
 * never from a Netty event loop. User names are JID local parts, already lower-cased by the caller.
 */
public interface AccountStore {

    /** Creates the account; returns false (and changes nothing) when the user name is taken. */
    boolean create(String username, ScramCredentials sha1, ScramCredentials sha256);

    /** The account, if it exists. */
    Optional<Account> find(String username);

    /** Replaces the credentials (password change); returns false when there is no such account. */
    boolean updateCredentials(String username, ScramCredentials sha1, ScramCredentials sha256);

    /** Deletes the account; returns false when there was none. */
    boolean delete(String username);

    /**
     * A page of user names in ascending order, starting after {@code afterUsername} (null for the first page),
     * optionally only those starting with {@code prefix} (null for all). Keyset paging: fast at any depth.
     */
    List<String> list(String prefix, String afterUsername, int limit);

    /** Number of accounts. */
    long count();
}
