package org.xpush.server.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

    @TempDir
    Path dir;

    private CertificateFiles files;
    private X509Certificate certificate;

    @BeforeEach
    void generate() throws Exception {
        files = TlsCertificates.ensureSelfSigned(dir, "push.example");
        try (InputStream in = Files.newInputStream(files.certificateChain())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A JDK client that trusts exactly the generated certificate and checks the host name "localhost". */
    private SSLSocket connect(int port, String... protocols) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("xpush", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);

        Socket plain = new Socket(InetAddress.getLoopbackAddress(), port);
        plain.setSoTimeout(10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(protocols);
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Test
    void generatedFilesLoadIntoAServerContextForTls13And12Only() {
        SslContext context = TlsContexts.server(files);

        assertThat(context.isServer()).isTrue();
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getNeedClientAuth()).isFalse();
        assertThat(engine.getWantClientAuth()).isFalse();
    }

    @Test
    void clientTrustingTheCertificateNegotiatesTls13AndExchangesData() throws Exception {
        try (var server = new TlsEchoServer(TlsContexts.server(files));
                SSLSocket socket = connect(server.port(), "TLSv1.3", "TLSv1.2")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");

            socket.getOutputStream().write("ping".getBytes(US_ASCII));
            socket.getOutputStream().flush();
            assertThat(new String(socket.getInputStream().readNBytes(4), US_ASCII)).isEqualTo("ping");
        }
    }

    @Test
    void tls12ClientsAreStillServed() throws Exception {
        try (var server = new TlsEchoServer(TlsContexts.server(files));
                SSLSocket socket = connect(server.port(), "TLSv1.2")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void tls11ClientHelloIsRefusedWithAProtocolVersionAlert() throws Exception {
        // The JDK client cannot offer TLS 1.1 any more (jdk.tls.disabledAlgorithms), so send the ClientHello by hand.
        try (var server = new TlsEchoServer(TlsContexts.server(files));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();

            byte[] answer = readUntilClosed(socket.getInputStream());

            assertThat(answer).isNotEmpty();
            assertThat(answer[0]).as("record type").isEqualTo((byte) 21); // alert, not a ServerHello (22)
            assertThat(answer[5]).as("alert level").isEqualTo((byte) 2); // fatal
            assertThat(answer[6]).as("alert description").isEqualTo((byte) 70); // protocol_version
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) bytes.write(buffer, 0, n);
        } catch (SocketException e) {
            // a reset after the alert is fine: what arrived before it is what counts
        }
        return bytes.toByteArray();
    }

    /** A minimal TLS 1.1 ClientHello (RFC 4346 §7.4.1.2) with ECDHE and RSA suites and the P-256 group. */
    private static byte[] tls11ClientHello() {
        HexFormat hex = HexFormat.of();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String body = "0302" // client_version TLS 1.1
                + hex.formatHex(random)
                + "00" // session_id
                + "0008" + "c009" + "c00a" + "c013" + "002f" // cipher_suites
                + "0100" // compression_methods: null
                + "000e" // extensions
                + "000a" + "0004" + "0002" + "0017" // supported_groups: secp256r1
                + "000b" + "0002" + "0100"; // ec_point_formats: uncompressed
        int bodyLength = body.length() / 2;
        String handshake = "01" + String.format("%06x", bodyLength) + body;
        String record = "160301" + String.format("%04x", handshake.length() / 2) + handshake;
        return hex.parseHex(record);
    }

    @Test
    void fingerprintIsTheSha256OfTheDerCertificate() throws Exception {
        String expected = HexFormat.ofDelimiter(":")
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertThat(TlsContexts.fingerprintSha256(files.certificateChain()))
                .isEqualTo(expected)
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(missing, files.privateKey())))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(files.certificateChain(), missing)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> TlsContexts.fingerprintSha256(missing)).hasMessageContaining(missing.toString());
    }

    @Test
    void garbledPemIsNamed() throws Exception {
        Path garbled = dir.resolve("garbled.pem");
        Files.writeString(garbled, "-----BEGIN CERTIFICATE-----\nnot*base64*at*all\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(garbled, files.privateKey())))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(garbled.toString());

        Path garbledKey = dir.resolve("garbled-key.pem");
        Files.writeString(garbledKey, "-----BEGIN PRIVATE KEY-----\nMIIBAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(files.certificateChain(), garbledKey)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(garbledKey.toString());
    }

    @Test
    void filesWithoutTheExpectedBlocksAreNamed() throws Exception {
        Path text = dir.resolve("text.pem");
        Files.writeString(text, "hello\n");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(text, files.privateKey())))
                .hasMessage(text + ": holds no PEM CERTIFICATE block");
        CertificateFiles certificateTwice = new CertificateFiles(files.certificateChain(), files.certificateChain());
        assertThatThrownBy(() -> TlsContexts.server(certificateTwice))
                .hasMessageStartingWith(files.certificateChain() + ": holds no PEM private key");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        CertificateFiles other = TlsCertificates.ensureSelfSigned(dir.resolve("other"), "push.example");
        assertThatThrownBy(() -> TlsContexts.server(new CertificateFiles(files.certificateChain(), other.privateKey())))
                .isInstanceOf(TlsFileException.class)
                .hasMessage(other.privateKey() + ": does not match the certificate in " + files.certificateChain());
    }

    @Test
    void openSslEcPrivateKeyFormatIsAccepted() throws Exception {
        KeyPair pair = generate("EC", 256);
        CertificateFiles ec = write("ec", pair, "SHA256withECDSA", openSslEcPrivateKey(pair));
        assertThat(Files.readString(ec.privateKey())).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(TlsContexts.server(ec).isServer()).isTrue();
    }

    @Test
    void openSslRsaPrivateKeyFormatIsAcceptedAndServes() throws Exception {
        KeyPair pair = generate("RSA", 2048);
        CertificateFiles rsa = write("rsa", pair, "SHA256withRSA", pair.getPrivate());
        assertThat(Files.readString(rsa.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (InputStream in = Files.newInputStream(rsa.certificateChain())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (var server = new TlsEchoServer(TlsContexts.server(rsa));
                SSLSocket socket = connect(server.port(), "TLSv1.3")) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void encryptedKeyIsRefusedWithAHint() throws Exception {
        KeyPair pair = generate("EC", 256);
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new BouncyCastleProvider()) // the JDK has no AES/CBC/PKCS7Padding
                .setPassword("secret".toCharArray())
                .build();
        var encryptedKey = new JcaPKCS8Generator(pair.getPrivate(), encryptor);
        CertificateFiles encrypted = write("enc", pair, "SHA256withECDSA", encryptedKey);
        assertThatThrownBy(() -> TlsContexts.server(encrypted))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining(encrypted.privateKey().toString())
                .hasMessageContaining("encrypted");
    }

    /** RFC 5915 ECPrivateKey with curve and public key, as "openssl ecparam -genkey -noout" writes it. */
    private static PemObject openSslEcPrivateKey(KeyPair pair) {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
        var key = new org.bouncycastle.asn1.sec.ECPrivateKey(
                256,
                ((ECPrivateKey) pair.getPrivate()).getS(),
                publicKey.getPublicKeyData(),
                publicKey.getAlgorithm().getParameters());
        try {
            return new PemObject("EC PRIVATE KEY", key.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    /** Writes a self-signed certificate for localhost and the key object (written by BouncyCastle's PEM writer). */
    private CertificateFiles write(String name, KeyPair pair, String signatureAlgorithm, Object keyPem)
            throws Exception {
        X500Name subject = new X500Name("CN=localhost");
        var builder = new JcaX509v3CertificateBuilder(
                subject,
                BigInteger.ONE,
                Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plusSeconds(3600)),
                subject,
                pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        var signer = new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate());
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        Path certificatePath = dir.resolve(name + "-cert.pem");
        Path keyPath = dir.resolve(name + "-key.pem");
        Files.writeString(certificatePath, pem(cert));
        Files.writeString(keyPath, pem(keyPem));
        return new CertificateFiles(certificatePath, keyPath);
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
