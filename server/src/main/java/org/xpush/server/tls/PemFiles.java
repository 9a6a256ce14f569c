package org.xpush.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files with BouncyCastle's {@link PEMParser}, which understands
 * PKCS#8 ({@code PRIVATE KEY}) as well as the OpenSSL formats ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}).
 * Every problem becomes a {@link TlsFileException} naming the file.
 */
final class PemFiles {

    private PemFiles() {}

    /** The certificates in the file, in file order; at least one. */
    static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            // BouncyCastle reports bad base64 or DER with assorted runtime exceptions (DecoderException, ...)
            throw new TlsFileException(file, "is not a valid PEM certificate file", e);
        }
        if (certificates.isEmpty()) throw new TlsFileException(file, "holds no PEM CERTIFICATE block");
        return certificates;
    }

    /** The first private key in the file. */
    static PrivateKey readPrivateKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) return converter.getPrivateKey(info); // PKCS#8
                if (o instanceof PEMKeyPair pair) {
                    // OpenSSL EC/RSA form; the public part is optional, so convert only the private part
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsFileException(
                            file, "holds an encrypted private key; decrypt it first (openssl pkey -in KEY -out PLAIN)");
                }
                // anything else (e.g. the EC PARAMETERS block of "openssl ecparam -genkey") is skipped
            }
        } catch (TlsFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(file, "is not a valid PEM private key file", e);
        }
        throw new TlsFileException(file, "holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    /**
     * Checks that the key belongs to the certificate by signing a random message with the key and verifying it with
     * the certificate's public key. Key types without a known signature algorithm are not checked.
     */
    static void checkKeyMatches(PrivateKey key, X509Certificate certificate, CertificateFiles files) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    default -> null;
                };
        if (algorithm == null) return;
        byte[] message = new byte[32];
        new SecureRandom().nextBytes(message);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC key with an RSA certificate
        }
        if (!matches) {
            throw new TlsFileException(
                    files.privateKey(), "does not match the certificate in " + files.certificateChain());
        }
    }

    /** The SHA-256 fingerprint of the certificate's DER encoding, as colon-separated upper-case hex. */
    static String fingerprintSha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static Reader open(Path file) {
        try {
            // PEM is ASCII; ISO-8859-1 maps every byte, so a binary file fails in the parser with a clear message
            return Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "file not found");
        } catch (AccessDeniedException e) {
            throw new TlsFileException(file, "file is not readable (permission denied)");
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot be read", e);
        }
    }
}
