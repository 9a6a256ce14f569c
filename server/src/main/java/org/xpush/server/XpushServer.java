package org.xpush.server;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.account.AccountStore;
import org.xpush.server.account.AuthManager;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.apikey.ApiKeyStore;
import org.xpush.server.apikey.NewApiKey;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.console.Console;
import org.xpush.server.console.ConsoleServices;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.console.auth.AdminStore;
import org.xpush.server.console.sessions.ClientVersions;
import org.xpush.server.device.DeviceIqHandler;
import org.xpush.server.device.DeviceService;
import org.xpush.server.device.DeviceStore;
import org.xpush.server.http.HttpServer;
import org.xpush.server.http.HttpSettings;
import org.xpush.server.http.Metrics;
import org.xpush.server.http.api.NotificationApi;
import org.xpush.server.http.api.UserApi;
import org.xpush.server.net.XmppListeners;
import org.xpush.server.notification.NotificationManager;
import org.xpush.server.notification.NotificationStore;
import org.xpush.server.routing.StanzaRouter;
import org.xpush.server.sasl.SaslMechanisms;
import org.xpush.server.session.PresenceManager;
import org.xpush.server.session.SessionManager;
import org.xpush.server.storage.Database;
import org.xpush.server.stream.PreAuthIqHandler;
import org.xpush.server.stream.StreamContext;
import org.xpush.server.tls.CertificateFiles;
import org.xpush.server.tls.TlsCertificates;
import org.xpush.server.tls.TlsContexts;
import org.xpush.server.work.BlockingWork;
import org.xpush.server.xmpp.disco.DiscoHandlers;
import org.xpush.server.xmpp.legacyauth.LegacyAuthHandler;
import org.xpush.server.xmpp.ping.PingHandler;
import org.xpush.server.xmpp.register.RegistrationHandler;
import org.xpush.server.xmpp.roster.RosterHandler;
import org.xpush.server.xmpp.session.SessionIqHandler;
import org.xpush.server.xmpp.version.VersionHandler;
import org.xpush.xmpp.Namespaces;

/**
 * The composition root: builds every service of a node by hand, in dependency order, starts the listeners and
 * stops everything in reverse (STYLE §2). Tests start one on port 0 with {@link #start(ServerConfig)}.
 */
public final class XpushServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XpushServer.class);

    private final ServerConfig config;
    private final Database database;
    private final BlockingWork work;
    private final SessionManager sessions;
    private final AuthManager auth;
    private final XmppListeners xmpp;
    private final NotificationManager notifications;
    private final DeviceService devices;
    private final PrometheusMeterRegistry metrics;
    private final ScheduledExecutorService sweeper;
    private final HttpServer http;
    private final ApiKeyService apiKeys;
    private final NewApiKey initialApiKey;
    private final String initialAdminPassword;
    private final Console console;
    /** Answers /readyz: true once every listener is up, false again when shutdown begins. */
    private final AtomicBoolean ready;
    private boolean closed;

    private XpushServer(ServerConfig config, Database database, BlockingWork work, SessionManager sessions,
            AuthManager auth, XmppListeners xmpp, NotificationManager notifications, DeviceService devices,
            PrometheusMeterRegistry metrics, ScheduledExecutorService sweeper, HttpServer http, ApiKeyService apiKeys,
            NewApiKey initialApiKey, String initialAdminPassword, Console console, AtomicBoolean ready) {
        this.config = config;
        this.database = database;
        this.work = work;
        this.sessions = sessions;
        this.auth = auth;
        this.xmpp = xmpp;
        this.notifications = notifications;
        this.devices = devices;
        this.metrics = metrics;
        this.sweeper = sweeper;
        this.http = http;
        this.apiKeys = apiKeys;
        this.initialApiKey = initialApiKey;
        this.initialAdminPassword = initialAdminPassword;
        this.console = console;
        this.ready = ready;
    }

    /** Starts a node; returns once every listener is bound and the ready line is logged. */
    public static XpushServer start(ServerConfig config) throws InterruptedException {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        Database database = Database.open(config.dbUrl(), config.dataDir());
        BlockingWork work = null;
        try {
            CertificateFiles certificate = config.tls().certificate() != null
                    ? new CertificateFiles(config.tls().certificate(), config.tls().key())
                    : TlsCertificates.ensureSelfSigned(config.dataDir(), config.domain());
            SslContext ssl = TlsContexts.server(certificate);

            AccountStore accounts = new JdbcAccountStore(database.jdbi());
            AuthManager auth = new AuthManager(accounts);
            work = new BlockingWork(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
            SessionManager sessions = new SessionManager();
            PresenceManager presence = new PresenceManager();
            SaslMechanisms sasl = new SaslMechanisms(accounts::find, config.tls().plainWithoutTls());
            PrometheusMeterRegistry metrics = Metrics.create();

            DeviceService devices = new DeviceService(new DeviceStore(database.jdbi()));
            NotificationStore notificationStore = new NotificationStore(database.jdbi());
            NotificationManager notifications = new NotificationManager(config.domain(), notificationStore,
                    devices.store(), work, metrics, Clock.systemUTC());
            sessions.addListener(notifications);
            presence.addListener(notifications);
            devices.addListener(notifications);

            RegistrationHandler registration = new RegistrationHandler(auth, work, config.registration().open(),
                    config.registration().perIpPerMinute(), sessions, config.tls().plainWithoutTls());
            StanzaRouter router = new StanzaRouter(config.domain(), sessions, presence);
            router.handler(new PingHandler())
                    .handler(new VersionHandler(version()))
                    .handler(new RosterHandler())
                    .handler(new SessionIqHandler())
                    .handler(new SessionIqHandler.RebindHandler())
                    .handler(registration)
                    .handler(new DeviceIqHandler(devices, work))
                    .handler(DiscoHandlers.items())
                    .handler(DiscoHandlers.info(router::namespaces,
                            List.of(Namespaces.SM, Namespaces.AUTH, Namespaces.NOTIFICATION)));
            // answers to the console's version queries first; every other response to the notification engine
            ClientVersions versions = new ClientVersions(config.domain(), notifications);
            router.responses(versions);
            sessions.addListener(versions);
            Map<String, PreAuthIqHandler> preAuth =
                    Map.of(Namespaces.REGISTER, registration, Namespaces.AUTH, new LegacyAuthHandler(auth));

            StreamContext context = new StreamContext(config, ssl, sessions, sasl, router, preAuth, work);
            XmppListeners xmpp = new XmppListeners(config, context);
            Gauge.builder("xpush_xmpp_connections", xmpp, XmppListeners::connectionCount)
                    .description("open XMPP connections").register(metrics);
            Gauge.builder("xpush_sessions", sessions, SessionManager::count)
                    .description("bound XMPP sessions (attached or awaiting resumption)").register(metrics);
            Gauge.builder("xpush_devices_online", notifications, NotificationManager::onlineDevices)
                    .description("devices with an available session").register(metrics);

            AtomicBoolean readiness = new AtomicBoolean(false);
            BlockingWork background = work;
            ApiKeyService apiKeys = new ApiKeyService(new ApiKeyStore(database.jdbi()), r -> background.run("API key last use", r));
            Optional<NewApiKey> initialKey = apiKeys.ensureInitialKey(System.getenv("XPUSH_API_KEY"));
            AdminAccounts admins = new AdminAccounts(new AdminStore(database.jdbi()));
            Optional<String> adminPassword = admins.ensureInitialAccount(System.getenv("XPUSH_ADMIN_PASSWORD"));
            HttpServer http = null;
            Console console = null;
            if (config.httpPort() >= 0) {
                console = new Console(new ConsoleServices(admins, auth, devices, sessions, notifications,
                        notificationStore, apiKeys, metrics, versions, version(), config.domain(), Instant.now()));
                http = new HttpServer(new HttpSettings(config.bind(), config.httpPort(),
                        config.limits().apiRequestsPerSecond(), HttpSettings.DEFAULT_MAX_BODY_BYTES),
                        apiKeys, metrics, readiness::get,
                        List.of(new NotificationApi(notifications, notificationStore), new UserApi(auth, devices, sessions)),
                        List.of(console));
            }
            ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "xpush-expiry-sweeper");
                t.setDaemon(true);
                return t;
            });
            long every = config.notifications().sweepInterval().toMillis();
            sweeper.scheduleWithFixedDelay(() -> {
                try {
                    notifications.sweep(config.notifications().retention());
                } catch (RuntimeException e) {
                    log.error("expiry sweep failed; it runs again in {} ms", every, e);
                }
            }, every, every, TimeUnit.MILLISECONDS);
            XpushServer server = new XpushServer(config, database, work, sessions, auth, xmpp, notifications, devices,
                    metrics, sweeper, http, apiKeys, initialKey.orElse(null), adminPassword.orElse(null), console, readiness);
            try {
                xmpp.start();
                if (http != null) http.start();
            } catch (RuntimeException | InterruptedException e) {
                if (console != null) console.close();
                if (http != null) http.close();
                xmpp.shutdown(Duration.ZERO);
                sweeper.shutdownNow();
                notifications.close();
                throw e;
            }
            readiness.set(true);
            log.info("xpush ready: xmpp={} xmpp-tls={} http={} domain={} db={}", xmpp.xmppPort(),
                    xmpp.xmppTlsPort() < 0 ? "off" : xmpp.xmppTlsPort(), http == null ? "off" : http.port(),
                    config.domain(), database.vendor());
            return server;
        } catch (RuntimeException | InterruptedException e) {
            if (work != null) work.close();
            database.close();
            throw e;
        }
    }

    /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        try (InputStream in = XpushServer.class.getResourceAsStream("/xpush-version.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public ServerConfig config() {
        return config;
    }

    /** The STARTTLS port actually bound. */
    public int xmppPort() {
        return xmpp.xmppPort();
    }

    /** The direct TLS port actually bound, or -1. */
    public int xmppTlsPort() {
        return xmpp.xmppTlsPort();
    }

    public SessionManager sessions() {
        return sessions;
    }

    public AuthManager auth() {
        return auth;
    }

    public NotificationManager notifications() {
        return notifications;
    }

    public DeviceService devices() {
        return devices;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public ApiKeyService apiKeys() {
        return apiKeys;
    }

    /** The API key created at this start because the database had none (to print once), if any. */
    public Optional<NewApiKey> initialApiKey() {
        return Optional.ofNullable(initialApiKey);
    }

    /**
     * The password of the console account {@code admin} when this start created it with a generated password (to
     * print once; only its hash is stored); empty otherwise.
     */
    public Optional<String> initialAdminPassword() {
        return Optional.ofNullable(initialAdminPassword);
    }

    /** The HTTP port actually bound, or -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Graceful stop: streams closed with {@code system-shutdown}, blocking work finished, database closed. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        ready.set(false);
        log.info("xpush stopping: closing {} connections", xmpp.connectionCount());
        if (console != null) console.close();
        if (http != null) http.close();
        xmpp.shutdown(Duration.ofSeconds(5));
        sweeper.shutdownNow();
        work.close();
        notifications.close(); // writes the last delivery outcomes
        database.close();
        metrics.close();
        log.info("xpush stopped");
    }
}
