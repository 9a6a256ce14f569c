package org.xpush.server.console;

/**
 * Ends a console request with {@code 303 See Other} to {@code location} (after a form post, or to the sign-in
 * page). For htmx requests the redirect is sent as {@code HX-Redirect}, so that the whole page changes rather
 * than a fragment.
 */
public final class ConsoleRedirect extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String location;

    public ConsoleRedirect(String location) {
        super(null, null, false, false);
        this.location = location;
    }

    public String location() {
        return location;
    }
}
