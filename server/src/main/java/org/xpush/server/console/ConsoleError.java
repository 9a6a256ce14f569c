package org.xpush.server.console;

/**
 * A console request that cannot be served as asked: becomes an HTML error page with this status and message
 * (in {@link Console}, the one place console errors become responses).
 */
public final class ConsoleError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** @param message shown to the operator: say what went wrong and what to do */
    public ConsoleError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ConsoleError notFound(String message) {
        return new ConsoleError(404, message);
    }

    public static ConsoleError badRequest(String message) {
        return new ConsoleError(400, message);
    }
}
