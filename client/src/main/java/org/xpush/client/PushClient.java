package org.xpush.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * An xpush device: keeps one XMPP connection to the server and hands each notification to a
 * {@link NotificationListener}, acknowledging it once the listener returned (DESIGN §6, the heir of androidpn's
 * XmppManager).
 *
 * <pre>{@code
 * PushClient client = PushClient.builder()
 *         .host("push.example.com").domain("push.example.com")
 *         .stateDirectory(Paths.get("xpush-state"))
 *         .listener(n -> System.out.println(n.title() + ": " + n.message()))
 *         .build();
 * client.start();   // returns at once; connects, registers on first start, reconnects by itself
 * ...
 * client.stop();
 * }</pre>
 *
 * <p>What it does:
 * <ul>
 *   <li><b>Account.</b> On the first start (an empty {@link CredentialStore}) it registers a random account by
 *       in-band registration (XEP-0077) and stores it; later starts log in with it. If the server no longer knows
 *       the account, it registers a new one ({@link ConnectionStateListener#registered}).</li>
 *   <li><b>Receiving.</b> Before its initial presence it declares that it acknowledges notifications; the server
 *       then delivers the backlog. Each notification is acknowledged after the listener returned normally; one the
 *       listener threw for comes again at the next login. Duplicates (same id) are acknowledged and dropped, also
 *       across restarts ({@link ReceivedIdStore}, last 1000 ids).</li>
 *   <li><b>Staying connected.</b> Exponential back-off with full jitter ({@link ReconnectPolicy}), an immediate try
 *       on {@link #onNetworkAvailable()}, none while {@link #onNetworkLost()} says there is no network, keep-alive pings, XEP-0198 stream resumption (nothing is lost across a short
 *       outage), and a {@link ConnectionStateListener}.</li>
 *   <li><b>Alias and tags</b> ({@link #setAlias}, {@link #setTags}, {@link #addTags}, {@link #removeTags}): applied now
 *       when connected, else at the next connection.</li>
 * </ul>
 *
 * <p>Thread-safe. The client has one thread of its own for its timers and connection attempts; notifications
 * arrive on Smack's threads. It uses TLS always (STARTTLS required).
 */
public final class PushClient implements AutoCloseable {

    private static final Logger log = Logger.getLogger(PushClient.class.getName());

    private final ClientSettings settings;
    private final DeviceChanges deviceChanges = new DeviceChanges();
    private final ConnectionKeeper keeper;

    private PushClient(ClientSettings settings, Random random) {
        this.settings = settings;
        ReceivedIds received = ReceivedIds.load(settings.receivedIds, ReceivedIds.DEFAULT_CAPACITY);
        NotificationReceiver receiver = new NotificationReceiver(settings.listener, received);
        this.keeper = new ConnectionKeeper(settings, receiver, deviceChanges, random);
    }

    /** A builder; {@code domain}, a listener and a state directory (or both stores) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts connecting in the background and returns at once. The client then stays connected, reconnecting
     * by itself, until {@link #stop()}. Calling it again does nothing.
     *
     * @throws IllegalStateException if the client was stopped (build a new one)
     */
    public void start() {
        SmackSetup.ensure();
        if (settings.tls.isInsecure()) {
            log.warning("xpush client: TLS certificate checks are OFF (trustAnythingInsecure); "
                    + "use this against a development server only");
        }
        keeper.start();
    }

    /**
     * Stops: closes the session cleanly (the server keeps what is not yet acknowledged for the next login), ends
     * any connection attempt and the client's thread, and fails pending alias and tag changes. Returns within a
     * few seconds at most (about the reply timeout); called from a {@link ConnectionStateListener} it does not wait.
     * Idempotent; a stopped client cannot start again.
     */
    public void stop() {
        keeper.stop();
    }

    /** The same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Says that the network is (again) available, e.g. from Android's {@code ConnectivityManager.NetworkCallback}:
     * a client waiting to reconnect tries at once instead of waiting out its back-off; a connected client checks
     * its connection with a ping and reconnects if the server does not answer. Returns at once.
     */
    public void onNetworkAvailable() {
        keeper.networkAvailable();
    }

    /**
     * Says that the device has no network now, e.g. from {@code NetworkCallback.onLost} when no other network is
     * left: while it is disconnected the client makes no connection attempts (a waiting one is dropped; it reports
     * {@link ConnectionStateListener#waitingForNetwork()}) until {@link #onNetworkAvailable()}, which then tries at
     * once. A live connection is left as it is: it fails by itself, or survives when the network comes back quickly.
     * Returns at once.
     */
    public void onNetworkLost() {
        keeper.networkLost();
    }

    /**
     * Sets the device's alias (the app's name for its user; several devices may share one), or clears it.
     *
     * @param alias the alias, 1 to 255 characters; {@code null} or empty clears it
     * @return completes when the server applied it (failed with {@link DeviceSettingsException} if the server refused
     *         it); when not connected it is applied after the next login. Completes on the client's thread.
     */
    public CompletableFuture<Void> setAlias(String alias) {
        return queued(deviceChanges.alias(alias == null ? "" : alias));
    }

    /**
     * Replaces the device's tags (topics it subscribes to; at most 64, each 1 to 255 characters).
     *
     * @param tags the new tags; empty removes all
     * @return completes when the server applied them; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> setTags(Collection<String> tags) {
        return queued(deviceChanges.tags(DeviceIq.TagAction.SET, copy(tags)));
    }

    /**
     * Replaces the device's tags.
     *
     * @param tags the new tags; none removes all
     * @return completes when the server applied them; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> setTags(String... tags) {
        return setTags(Arrays.asList(tags));
    }

    /**
     * Adds tags to the device's tags.
     *
     * @param tags the tags to add
     * @return completes when the server applied them; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> addTags(Collection<String> tags) {
        return queued(deviceChanges.tags(DeviceIq.TagAction.ADD, copy(tags)));
    }

    /**
     * Adds tags to the device's tags.
     *
     * @param tags the tags to add
     * @return completes when the server applied them; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> addTags(String... tags) {
        return addTags(Arrays.asList(tags));
    }

    /**
     * Removes tags from the device's tags.
     *
     * @param tags the tags to remove
     * @return completes when the server applied it; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> removeTags(Collection<String> tags) {
        return queued(deviceChanges.tags(DeviceIq.TagAction.REMOVE, copy(tags)));
    }

    /**
     * Removes tags from the device's tags.
     *
     * @param tags the tags to remove
     * @return completes when the server applied it; see {@link #setAlias(String)}
     */
    public CompletableFuture<Void> removeTags(String... tags) {
        return removeTags(Arrays.asList(tags));
    }

    /** Whether the client is logged in and receiving now. */
    public boolean isConnected() {
        return keeper.isReady();
    }

    /** The device account's user name once the client logged in (or registered), else {@code null}. */
    public String username() {
        return keeper.username();
    }

    /** Closes the socket under the connection as a lost network would; the client then reconnects (tests). */
    void cutConnection() {
        keeper.cutConnection();
    }

    private CompletableFuture<Void> queued(CompletableFuture<Void> change) {
        keeper.deviceChangesQueued();
        return change;
    }

    private static List<String> copy(Collection<String> tags) {
        List<String> list = new ArrayList<>(Objects.requireNonNull(tags, "tags"));
        for (String t : list) Objects.requireNonNull(t, "a tag is null");
        return list;
    }

    /**
     * Builds a {@link PushClient}. Required: {@link #domain}, {@link #listener}, and {@link #stateDirectory} (or both
     * {@link #credentialStore} and {@link #receivedIdStore}). Not thread-safe.
     */
    public static final class Builder {
        private String host;
        private int port = 5222;
        private String domain;
        private String resource = "xpush";
        private TlsPolicy tls = TlsPolicy.systemTrust();
        private Path stateDirectory;
        private CredentialStore credentialStore;
        private ReceivedIdStore receivedIdStore;
        private NotificationListener listener;
        private ConnectionStateListener stateListener = new ConnectionStateListener() {};
        private ReconnectPolicy reconnect = ReconnectPolicy.defaults();
        private Duration pingInterval = Duration.ofMinutes(2);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration replyTimeout = Duration.ofSeconds(10);
        private Random random = new Random();

        private Builder() {}

        /** Sets the server's host name or address (default: the domain); returns this builder. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Sets the server's XMPP port with STARTTLS (default 5222); returns this builder. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
            this.port = port;
            return this;
        }

        /** Sets the server's XMPP domain (its {@code domain} setting; required), also the name TLS checks; returns this builder. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Sets the XMPP resource of the device's session (default {@code xpush}); returns this builder. */
        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        /** Sets which server certificates to trust (default {@link TlsPolicy#systemTrust()}); returns this builder. */
        public Builder tls(TlsPolicy tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Keeps the client's state in files in {@code directory} (created when first needed, owner-only
         * permissions where supported): {@code credentials.properties} ({@link FileCredentialStore}) and
         * {@code received-ids} ({@link FileReceivedIdStore}), unless the stores are set explicitly. A second run
         * with the same directory is the same device. Returns this builder.
         */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Sets where the device account is kept (overrides {@link #stateDirectory}); returns this builder. */
        public Builder credentialStore(CredentialStore store) {
            this.credentialStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Sets where recent notification ids are kept (overrides {@link #stateDirectory}); returns this builder. */
        public Builder receivedIdStore(ReceivedIdStore store) {
            this.receivedIdStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Sets who receives the notifications (required); returns this builder. */
        public Builder listener(NotificationListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sets who follows the connection's state (default: nobody); returns this builder. */
        public Builder connectionStateListener(ConnectionStateListener listener) {
            this.stateListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Sets when to try again after a failure (default {@link ReconnectPolicy#defaults()}); returns this builder. */
        public Builder reconnect(ReconnectPolicy policy) {
            this.reconnect = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long the connection may stay silent before the client pings the server to check it (XEP-0199;
         * default 2 minutes, under common NAT timeouts; zero turns pings off); returns this builder. A ping left
         * unanswered for the reply timeout counts as a lost connection.
         */
        public Builder pingInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) throw new IllegalArgumentException("pingInterval must not be negative");
            if (!interval.isZero() && interval.getSeconds() < 1) {
                throw new IllegalArgumentException("pingInterval is counted in seconds: at least 1 s, or zero for none");
            }
            this.pingInterval = interval;
            return this;
        }

        /** Sets the TCP connect timeout (default 10 s); returns this builder. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets how long to wait for each answer of the server: TLS and login steps, registration, pings, alias and
         * tag changes (default 10 s); returns this builder.
         */
        public Builder replyTimeout(Duration timeout) {
            this.replyTimeout = positive(timeout, "replyTimeout");
            return this;
        }

        /** Sets the random source of the back-off jitter (tests). */
        Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The client, not yet started.
         *
         * @return a new client
         * @throws IllegalArgumentException if the domain or resource is not valid XMPP
         * @throws IllegalStateException    if a required setting is missing
         */
        public PushClient build() {
            if (domain == null || domain.isEmpty()) throw new IllegalStateException("domain is required");
            if (listener == null) throw new IllegalStateException("a NotificationListener is required");
            CredentialStore credentials = credentialStore;
            ReceivedIdStore received = receivedIdStore;
            if (credentials == null || received == null) {
                if (stateDirectory == null) {
                    throw new IllegalStateException("stateDirectory (or both credentialStore and receivedIdStore) is required");
                }
                if (credentials == null) credentials = new FileCredentialStore(stateDirectory.resolve("credentials.properties"));
                if (received == null) received = new FileReceivedIdStore(stateDirectory.resolve("received-ids"));
            }
            DomainBareJid xmppDomain;
            Resourcepart xmppResource;
            try {
                xmppDomain = JidCreate.domainBareFrom(domain);
                xmppResource = Resourcepart.from(resource);
            } catch (XmppStringprepException e) {
                throw new IllegalArgumentException("not a valid XMPP domain or resource: " + e.getMessage(), e);
            }
            ClientSettings settings = new ClientSettings(host == null || host.isEmpty() ? domain : host, port, xmppDomain,
                    xmppResource, tls, credentials, received, listener, stateListener, reconnect, pingInterval,
                    connectTimeout, replyTimeout);
            return new PushClient(settings, random);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.toMillis() < 1) throw new IllegalArgumentException(name + " must be at least 1 ms, not " + d);
            return d;
        }
    }
}
