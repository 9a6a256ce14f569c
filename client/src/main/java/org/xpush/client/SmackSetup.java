package org.xpush.client;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jivesoftware.smack.ConnectionConfiguration.DnssecMode;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.DNSUtil;
import org.jivesoftware.smack.util.SystemUtil;
import org.jivesoftware.smack.util.dns.DNSResolver;
import org.jivesoftware.smack.util.rce.RemoteConnectionEndpointLookupFailure;
import org.jivesoftware.smack.util.stringencoder.Base64;
import org.minidns.dnsname.DnsName;
import org.minidns.record.SRV;

/**
 * What Smack needs once per process before the first connection: the notification IQ provider, and on Android
 * (where apps use smack-xmlparser-xpp3 and not smack-android, which is not on Maven Central) or on a JVM without
 * smack-java8, what smack-android would have set up: a Base64 encoder (SCRAM needs one) and a DNS resolver for the configured host name.
 */
final class SmackSetup {

    /** smack-java8's initializer, which installs its Base64 encoder when present. */
    static final String SMACK_JAVA8_INITIALIZER = "org.jivesoftware.smack.java7.Java7SmackInitializer";

    private static boolean done;

    private SmackSetup() {}

    static synchronized void ensure() {
        if (done) return;
        SmackConfiguration.getVersion(); // runs Smack's own initialization first (it may install a resolver)
        ProviderManager.addIQProvider(NotificationIq.ELEMENT, NotificationIq.NAMESPACE, new NotificationIqProvider());
        if (needsBase64Encoder(SystemUtil.onAndroid(), isPresent(SMACK_JAVA8_INITIALIZER))) {
            Base64.setEncoder(new JavaBase64Encoder());
        }
        if (DNSUtil.getDNSResolver() == null) {
            DNSUtil.setDNSResolver(new HostNameResolver());
        }
        done = true;
    }

    /**
     * Whether Smack lacks a Base64 encoder that the SDK must install: on Android, and on a JVM without smack-java8
     * (e.g. the Android library's tests on the JVM, with only smack-xmlparser-xpp3 as on a device).
     */
    static boolean needsBase64Encoder(boolean onAndroid, boolean smackJava8Present) {
        return onAndroid || !smackJava8Present;
    }

    static boolean isPresent(String className) {
        try {
            Class.forName(className, false, SmackSetup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Smack's Base64 through {@code java.util.Base64} (Android API 26+). */
    static final class JavaBase64Encoder implements Base64.Encoder {
        @Override
        public byte[] decode(String string) {
            return java.util.Base64.getDecoder().decode(string);
        }

        @Override
        public String encodeToString(byte[] input) {
            return java.util.Base64.getEncoder().encodeToString(input);
        }

        @Override
        public String encodeToStringWithoutPadding(byte[] input) {
            return java.util.Base64.getEncoder().withoutPadding().encodeToString(input);
        }

        @Override
        public byte[] encode(byte[] input) {
            return java.util.Base64.getEncoder().encode(input);
        }
    }

    /**
     * Resolves the configured host with the platform's resolver ({@link InetAddress#getAllByName}, the default
     * lookup of {@link DNSResolver}); no SRV records, as the client always names its host.
     */
    static final class HostNameResolver extends DNSResolver {
        HostNameResolver() {
            super(false);
        }

        @Override
        protected Collection<SRV> lookupSrvRecords0(DnsName name,
                List<RemoteConnectionEndpointLookupFailure> lookupFailures, DnssecMode dnssecMode) {
            return Collections.emptyList();
        }
    }
}
