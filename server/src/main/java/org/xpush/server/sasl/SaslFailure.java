package org.xpush.server.sasl;

import java.util.Locale;

/** The defined SASL failure conditions of RFC 6120 §6.5, sent as children of {@code <failure/>}. */
public enum SaslFailure {
    ABORTED,
    ACCOUNT_DISABLED,
    CREDENTIALS_EXPIRED,
    ENCRYPTION_REQUIRED,
    INCORRECT_ENCODING,
    INVALID_AUTHZID,
    INVALID_MECHANISM,
    MALFORMED_REQUEST,
    MECHANISM_TOO_WEAK,
    NOT_AUTHORIZED,
    TEMPORARY_AUTH_FAILURE;

    private final String elementName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The element name on the wire, e.g. {@code not-authorized}. */
    public String elementName() {
        return elementName;
    }
}
