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
 * (where apps use smack-xmlparser-xpp3 and not smack-android, which is not on Maven Central) what smack-android
 * would have set up: a Base64 encoder (SCRAM needs one) and a DNS resolver for the configured host name.
 */
final class SmackSetup {

    private static boolean done;

    private SmackSetup() {}

    static synchronized void ensure() {
        if (done) return;
        SmackConfiguration.getVersion(); // runs Smack's own initialization first (it may install a resolver)
        ProviderManager.addIQProvider(NotificationIq.ELEMENT, NotificationIq.NAMESPACE, new NotificationIqProvider());
        if (SystemUtil.onAndroid()) {
            Base64.setEncoder(new JavaBase64Encoder());
        }
        if (DNSUtil.getDNSResolver() == null) {
            DNSUtil.setDNSResolver(new HostNameResolver());
        }
        done = true;
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
