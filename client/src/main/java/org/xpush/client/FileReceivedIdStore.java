package org.xpush.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the recent notification ids in a text file, one per line, oldest first; written atomically (600 where
 * supported). Ids with a line break cannot be stored and are left out. Thread-safe.
 */
public final class FileReceivedIdStore implements ReceivedIdStore {

    private final Path file;

    /**
     * A store in {@code file}; the file and its directory are created at the first {@link #save}.
     *
     * @param file the text file, e.g. {@code state/received-ids}
     */
    public FileReceivedIdStore(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file this store reads and writes. */
    public Path file() {
        return file;
    }

    /**
     * Reads the file.
     *
     * @return the ids, oldest first; empty if the file does not exist
     * @throws IOException if it cannot be read
     */
    @Override
    public synchronized List<String> load() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        List<String> ids = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isEmpty()) ids.add(line);
        }
        return ids;
    }

    /**
     * Replaces the file atomically.
     *
     * @param ids the ids, oldest first
     * @throws IOException if it cannot be written
     */
    @Override
    public synchronized void save(List<String> ids) throws IOException {
        StringBuilder sb = new StringBuilder(ids.size() * 24);
        for (String id : ids) {
            if (id.isEmpty() || id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) continue;
            sb.append(id).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "FileReceivedIdStore{" + file + "}";
    }
}
