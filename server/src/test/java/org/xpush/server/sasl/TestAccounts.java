package org.xpush.server.sasl;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.xpush.server.account.Account;

/** An in-memory account lookup for the SASL tests. */
final class TestAccounts implements Function<String, Optional<Account>> {

    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** The account of RFC 5802 §5 and RFC 7677 §3: "user" / "pencil" with the RFCs' salts. */
    static TestAccounts rfcUser() {
        TestAccounts accounts = new TestAccounts();
        accounts.accounts.put(
                "user",
                new Account(
                        "user",
                        ScramHash.SHA_1.derive("pencil", Base64.getDecoder().decode("QSXCR+Q6sek8bf92"), 4096),
                        ScramHash.SHA_256.derive(
                                "pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096),
                        Instant.now()));
        return accounts;
    }

    /** Adds an account with credentials derived as registration does (random salt, default iterations). */
    TestAccounts with(String username, String password) {
        var sha1 = ScramHash.SHA_1.derive(password);
        var sha256 = ScramHash.SHA_256.derive(password);
        accounts.put(username, new Account(username, sha1, sha256, Instant.now()));
        return this;
    }

    @Override
    public Optional<Account> apply(String username) {
        return Optional.ofNullable(accounts.get(username));
    }
}
