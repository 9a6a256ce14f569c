package org.xpush.client;

/**
 * The server refused a change of alias or tags (README "Device IQ"): e.g. {@code not-acceptable} for an alias or
 * tag that is empty or longer than 255 characters, or a 65th tag. The change is dropped, not retried.
 */
public final class DeviceSettingsException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The stanza error condition, e.g. {@code not-acceptable}. */
    private final String condition;

    /**
     * An exception for a refused change.
     *
     * @param condition the XMPP stanza error condition, e.g. {@code not-acceptable}
     * @param message   what was refused and why
     */
    public DeviceSettingsException(String condition, String message) {
        super(message);
        this.condition = condition;
    }

    /** The XMPP stanza error condition the server answered with, e.g. {@code not-acceptable}. */
    public String condition() {
        return condition;
    }
}
