package org.xpush.server.tls;

import java.nio.file.Path;

/** A certificate or key file that is missing, unreadable or does not hold what it should. The message names it. */
public final class TlsFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TlsFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public TlsFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
