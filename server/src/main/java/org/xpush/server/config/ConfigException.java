package org.xpush.server.config;

/** A configuration that cannot be used; the message names the setting, where it came from and what is allowed. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
