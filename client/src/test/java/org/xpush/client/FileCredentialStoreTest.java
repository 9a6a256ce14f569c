package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {

    @TempDir
    Path dir;

    @Test
    void emptyStoreHasNoCredentials() throws IOException {
        assertThat(new FileCredentialStore(dir.resolve("credentials.properties")).load()).isNull();
    }

    @Test
    void savedCredentialsAreLoadedByAnotherInstance() throws IOException {
        Path file = dir.resolve("state").resolve("credentials.properties");
        new FileCredentialStore(file).save(new Credentials("4f1c0a", "s3cret=with:odd chars#!"));
        Credentials loaded = new FileCredentialStore(file).load();
        assertThat(loaded).isEqualTo(new Credentials("4f1c0a", "s3cret=with:odd chars#!"));
        assertThat(loaded.toString()).doesNotContain("s3cret");
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("credentials.properties"));
        store.save(new Credentials("a", "1"));
        store.save(new Credentials("b", "2"));
        assertThat(store.load()).isEqualTo(new Credentials("b", "2"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credentials.properties");
        }
    }

    @Test
    void fileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path file = dir.resolve("new-dir").resolve("credentials.properties");
        new FileCredentialStore(file).save(new Credentials("a", "1"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void clearForgetsTheAccount() throws IOException {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("credentials.properties"));
        store.save(new Credentials("a", "1"));
        store.clear();
        assertThat(store.load()).isNull();
        store.clear(); // nothing to clear is fine
    }

    @Test
    void incompleteFileIsAnErrorNotAMissingAccount() throws IOException {
        Path file = dir.resolve("credentials.properties");
        Files.write(file, "username=abc\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new FileCredentialStore(file).load())
                .isInstanceOf(IOException.class).hasMessageContaining("lacks a username or password");
    }
}
