package org.xpush.server.account;

import java.time.Instant;

/**
 * A registered XMPP account with its stored credentials.
 *
 * @param username the local part of the account's JID (lower case)
 * @param sha1     SCRAM-SHA-1 credentials
 * @param sha256   SCRAM-SHA-256 credentials
 * @param created  when the account was created
 */
public record Account(String username, ScramCredentials sha1, ScramCredentials sha256, Instant created) {}
