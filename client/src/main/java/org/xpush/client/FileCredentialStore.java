package org.xpush.client;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * Keeps the device account in a properties file ({@code username=…}, {@code password=…}), written atomically and
 * readable by its owner only (600) where the file system has POSIX permissions. Thread-safe.
 */
public final class FileCredentialStore implements CredentialStore {

    private final Path file;

    /**
     * A store in {@code file}; the file and its directory are created at the first {@link #save}.
     *
     * @param file the properties file, e.g. {@code state/credentials.properties}
     */
    public FileCredentialStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file this store reads and writes. */
    public Path file() {
        return file;
    }

    /**
     * Reads the file.
     *
     * @return the stored credentials, or {@code null} if the file does not exist
     * @throws IOException if it cannot be read, or lacks a user name or password
     */
    @Override
    public synchronized Credentials load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = new StringReader(new String(bytes, StandardCharsets.UTF_8))) {
            p.load(r);
        }
        String username = p.getProperty("username", "");
        String password = p.getProperty("password", "");
        if (username.isEmpty() || password.isEmpty()) {
            throw new IOException(file + " lacks a username or password; delete it to register a new device account");
        }
        return new Credentials(username, password);
    }

    /**
     * Writes the file atomically (600 where supported).
     *
     * @param credentials the account to keep
     * @throws IOException if it cannot be written
     */
    @Override
    public synchronized void save(Credentials credentials) throws IOException {
        Properties p = new Properties();
        p.setProperty("username", credentials.username());
        p.setProperty("password", credentials.password());
        StringWriter w = new StringWriter();
        p.store(w, "xpush device account");
        AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the file.
     *
     * @throws IOException if it exists and cannot be deleted
     */
    @Override
    public synchronized void clear() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return "FileCredentialStore{" + file + "}";
    }
}
