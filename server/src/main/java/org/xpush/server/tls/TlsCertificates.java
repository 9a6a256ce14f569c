package org.xpush.server.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate a server uses when no certificate is configured (DESIGN §3.1: "self-signed, generated
 * once into the data directory"). Clients trust it by pinning it, or by its SHA-256 fingerprint, which is logged.
 *
 * <p>Runs once at start, on the main thread; not meant for concurrent calls on the same directory.
 */
public final class TlsCertificates {

    static final String DIRECTORY = "tls";
    static final String CERTIFICATE_FILE = "cert.pem";
    static final String KEY_FILE = "key.pem";

    private static final Logger log = LoggerFactory.getLogger(TlsCertificates.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private TlsCertificates() {}

    /**
     * Returns {@code dataDir/tls/cert.pem} and {@code key.pem} if both exist; otherwise generates an EC P-256 key
     * and a self-signed certificate for {@code domain} (also valid for {@code localhost} and {@code 127.0.0.1}) and
     * writes them there, the key readable by its owner only. Each file is written to a temporary file and moved into
     * place, key first, so a crash leaves either no file or a whole one; a key without a certificate is replaced.
     *
     * @throws UncheckedIOException if the files cannot be written
     */
    public static CertificateFiles ensureSelfSigned(Path dataDir, String domain) {
        Path directory = dataDir.resolve(DIRECTORY);
        CertificateFiles files =
                new CertificateFiles(directory.resolve(CERTIFICATE_FILE), directory.resolve(KEY_FILE));
        boolean certificateExists = Files.exists(files.certificateChain());
        boolean keyExists = Files.exists(files.privateKey());
        if (certificateExists && keyExists) return files;
        if (certificateExists || keyExists) {
            log.warn(
                    "Found only one of {} and {}: generating a new self-signed pair",
                    files.certificateChain(),
                    files.privateKey());
        }

        KeyPair keyPair = generateKeyPair();
        X509Certificate certificate = selfSign(keyPair, domain, Instant.now());
        try {
            Files.createDirectories(directory);
            writeAtomically(files.privateKey(), pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()), OWNER_ONLY);
            writeAtomically(files.certificateChain(), pem("CERTIFICATE", certificate.getEncoded()), WORLD_READABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the self-signed certificate into " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encode the generated certificate", e);
        }
        log.info(
                "Generated a self-signed TLS certificate for {} in {}, SHA-256 fingerprint {}",
                domain,
                files.certificateChain(),
                PemFiles.fingerprintSha256(certificate));
        return files;
    }

    private static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is missing from this JDK", e);
        }
    }

    /** A self-signed X.509 v3 server certificate, SHA256withECDSA. */
    static X509Certificate selfSign(KeyPair keyPair, String domain, Instant now) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
        // RFC 5280 §4.1.2.2: positive, at most 20 octets
        BigInteger serial = new BigInteger(159, new SecureRandom()).add(BigInteger.ONE);
        Instant notBefore = now.minus(Duration.ofHours(1)); // tolerate clients whose clocks run a little slow
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plusYears(10).toInstant();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name, serial, Date.from(notBefore), Date.from(notAfter), name, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(domain))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot build a self-signed certificate for " + domain, e);
        }
    }

    /** The domain (as an IP address if it is one), localhost and 127.0.0.1, without duplicates. */
    private static GeneralNames subjectAlternativeNames(String domain) {
        List<GeneralName> names = new ArrayList<>();
        boolean domainIsAddress = IPAddress.isValid(domain);
        names.add(new GeneralName(domainIsAddress ? GeneralName.iPAddress : GeneralName.dNSName, domain));
        if (!domain.equalsIgnoreCase("localhost")) names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        if (!domain.equals("127.0.0.1")) names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static byte[] pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString().getBytes(US_ASCII);
    }

    /**
     * Writes to a temporary file in the same directory (created with the final permissions, so a key is never
     * readable by others even for a moment), forces it to disk and renames it over the target.
     */
    private static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions)
            throws IOException {
        Path directory = target.getParent();
        boolean posix = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp", attributes);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            if (posix) Files.setPosixFilePermissions(temporary, permissions);
            try {
                Files.move(
                        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
