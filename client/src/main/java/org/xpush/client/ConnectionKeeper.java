package org.xpush.client;

import java.io.IOException;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.sasl.SASLError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.parts.Localpart;

/**
 * Keeps one device connected (the heir of androidpn's XmppManager and ReconnectionThread): connects, registers or
 * logs in, declares acknowledgements, sends presence, and after any loss tries again with the
 * {@link ReconnectPolicy}'s back-off, resuming the XEP-0198 session when the server still holds it.
 *
 * <p>Threads: every decision runs on one scheduler thread of this client ({@link #scheduler}), so there is never
 * more than one connection attempt or reconnect loop, and the fields marked "scheduler thread" need no locks. Smack's
 * threads only post events to it. Blocking steps on that thread are bounded by the connect and reply timeouts;
 * {@link #stop()} cuts them short.
 */
final class ConnectionKeeper {

    private static final Logger log = Logger.getLogger(ConnectionKeeper.class.getName());
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final ClientSettings settings;
    private final NotificationReceiver receiver;
    private final DeviceChanges deviceChanges;
    private final StateEvents events;
    private final Random random;
    private final ScheduledThreadPoolExecutor scheduler;
    private final TrackingSocketFactory sockets = new TrackingSocketFactory();
    private volatile Thread schedulerThread;

    // scheduler thread only (volatile where other threads read them)
    private volatile XMPPTCPConnection connection;
    private int attempts;
    private long upSinceNanos;
    private ScheduledFuture<?> nextAttempt;
    /** The platform said there is no network ({@link #networkLost()}): no attempts until it is back. */
    private boolean networkDown;
    /** Whether the current XMPP session got its device IQ and initial presence (a resumed one keeps them). */
    private boolean sessionSetUp;
    private volatile boolean ready;
    private volatile String username;

    private volatile boolean started;
    private volatile boolean stopped;

    ConnectionKeeper(ClientSettings settings, NotificationReceiver receiver, DeviceChanges deviceChanges, Random random) {
        this.settings = settings;
        this.receiver = receiver;
        this.deviceChanges = deviceChanges;
        this.events = new StateEvents(settings.stateListener);
        this.random = random;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "xpush-client-" + THREAD_NUMBER.incrementAndGet());
            t.setDaemon(true);
            schedulerThread = t;
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    // ---- called from any thread -------------------------------------------------------------------------------

    synchronized void start() {
        if (stopped) throw new IllegalStateException("a stopped push client cannot start again; build a new one");
        if (started) return;
        started = true;
        execute(this::attempt);
    }

    void networkAvailable() {
        execute(() -> {
            if (stopped || !started) return;
            boolean wasDown = networkDown;
            networkDown = false;
            if (ready) {
                checkAlive();
            } else if (nextAttempt != null || wasDown) {
                cancelNextAttempt();
                events.reconnecting(0);
                attempt();
            }
        });
    }

    /** No network: a waiting attempt is dropped and none is scheduled until {@link #networkAvailable()}. */
    void networkLost() {
        execute(() -> {
            if (stopped || !started || networkDown) return;
            networkDown = true;
            cancelNextAttempt();
            if (!ready) events.waitingForNetwork();
        });
    }

    /** Asks for the pending alias and tag changes to be sent (now if connected, else after the next login). */
    void deviceChangesQueued() {
        execute(() -> {
            if (ready) flushDeviceChanges();
        });
    }

    boolean isReady() {
        return ready;
    }

    String username() {
        return username;
    }

    /**
     * Ends everything: a clean close of a live session (the server ends it and keeps undelivered notifications for
     * the next login), a cut of an attempt in progress, the scheduler thread. Returns within about the reply
     * timeout, at once when called from the scheduler thread (a listener), which it then does not wait for.
     */
    void stop() {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        deviceChanges.cancelAll();
        if (Thread.currentThread() == schedulerThread) {
            closeNow();
            scheduler.shutdownNow();
            return;
        }
        if (!ready) sockets.closeAll(); // an attempt may be blocked in I/O: make it fail now
        long grace = settings.replyTimeout.toMillis() + 1000;
        try {
            Future<?> closed = scheduler.submit(this::closeNow);
            closed.get(grace, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | ExecutionException e) {
            log.log(Level.FINE, "closing the connection failed", e);
        } catch (TimeoutException e) {
            log.fine("the connection did not close in time; cutting it");
            sockets.closeAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sockets.closeAll();
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(grace, TimeUnit.MILLISECONDS)) {
                log.warning("the push client's thread did not end within " + grace + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the socket under Smack, as a lost network would (tests). */
    void cutConnection() {
        sockets.closeAll();
    }

    // ---- scheduler thread ---------------------------------------------------------------------------------------

    private void execute(Runnable task) {
        try {
            scheduler.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.log(Level.SEVERE, "push client task failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.log(Level.FINE, "push client stopped; event ignored", e);
        }
    }

    private void attempt() {
        nextAttempt = null;
        if (stopped || ready) return;
        events.connecting();
        boolean resumed;
        try {
            resumed = connectAndLogin();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop() interrupts the thread
            abandon();
            return;
        } catch (Exception e) {
            abandon();
            if (stopped) return;
            log.log(Level.INFO, "connection attempt to " + settings.host + ":" + settings.port + " failed: " + e);
            log.log(Level.FINE, "connection attempt failed", e);
            events.disconnected(e);
            scheduleRetry();
            return;
        }
        ready = true; // also when stop() came meanwhile: its closeNow() runs next and then closes the session cleanly
        if (stopped) return;
        upSinceNanos = System.nanoTime();
        log.info("push client " + username + " connected to " + settings.host + ":" + settings.port
                + (resumed ? " (session resumed)" : ""));
        events.authenticated(username, resumed);
        flushDeviceChanges();
    }

    /** Connects, registers if needed, logs in, sets up a new session; returns whether the session was resumed. */
    private boolean connectAndLogin() throws Exception {
        if (connection == null) connection = newConnection();
        connection.connect();
        events.connected();
        Credentials credentials = settings.credentials.load();
        boolean fresh = credentials == null;
        if (fresh) credentials = register();
        try {
            connection.login(credentials.username(), credentials.password(), settings.resource);
        } catch (SASLErrorException e) {
            if (fresh || e.getSASLFailure().getSASLError() != SASLError.not_authorized) throw e;
            // The server no longer knows the account (deleted, or a new database); it answers a wrong password and an
            // unknown user alike. As androidpn does on 401: forget it and register a new one.
            log.warning("the server refused the stored account " + credentials.username()
                    + " (not-authorized): registering a new device account");
            settings.credentials.clear();
            discardConnection();
            connection = newConnection();
            connection.connect();
            events.connected();
            credentials = register();
            connection.login(credentials.username(), credentials.password(), settings.resource);
        }
        username = credentials.username();
        boolean resumed = connection.streamWasResumed();
        if (!resumed) sessionSetUp = false;
        if (!sessionSetUp) {
            declareAcknowledging();
            // initial presence: the server delivers the backlog after it (README "Delivery")
            connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().build());
            sessionSetUp = true;
        }
        return resumed;
    }

    /** XEP-0077 in-band registration of a random account, as androidpn does: user and password are UUIDs in hex. */
    private Credentials register() throws Exception {
        String user = UUID.randomUUID().toString().replace("-", "");
        String password = UUID.randomUUID().toString().replace("-", "");
        AccountManager.getInstance(connection).createAccount(Localpart.from(user), password);
        Credentials credentials = new Credentials(user, password);
        settings.credentials.save(credentials);
        log.info("registered device account " + user);
        events.registered(user);
        return credentials;
    }

    /** {@code <device acknowledges='true'/>} before the initial presence (README "Device IQ"). */
    private void declareAcknowledging() throws SmackException.NoResponseException,
            SmackException.NotConnectedException, InterruptedException {
        try {
            connection.sendIqRequestAndWaitForResponse(DeviceIq.declareAcknowledging());
        } catch (XMPPException.XMPPErrorException e) {
            log.warning("the server does not take the xpush device IQ (" + e.getStanzaError().getCondition()
                    + "); an androidpn server counts notifications as delivered when sent, without acknowledgements");
        }
    }

    private XMPPTCPConnection newConnection() {
        XMPPTCPConnection c = new XMPPTCPConnection(settings.smackConfiguration(sockets));
        c.setReplyTimeout(settings.replyTimeout.toMillis());
        c.setUseStreamManagement(true);
        c.setUseStreamManagementResumption(true);
        c.registerIQRequestHandler(receiver);
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                execute(() -> onConnectionLost(c, e));
            }
        });
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false); // a device has no contacts
        PingManager ping = PingManager.getInstanceFor(c);
        long seconds = settings.pingInterval.getSeconds();
        ping.setPingInterval(seconds <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, seconds));
        ping.registerPingFailedListener(() -> execute(() -> onPingFailed(c)));
        return c;
    }

    private void onConnectionLost(XMPPTCPConnection c, Exception cause) {
        if (stopped || c != connection || !ready || isLive(c)) return; // stale or already handled
        lost(cause);
        if (isConflict(cause)) {
            // RFC 6120 §4.9.3.3: another login with this account and resource replaced us. Two processes sharing one
            // account would take turns forever; wait the longest delay so that they at least do it slowly.
            log.warning("another client logged in with account " + username + " and replaced this one; "
                    + "does another process use the same credentials? Trying again in " + settings.reconnect.maxDelay());
            schedule(settings.reconnect.maxDelay().toMillis());
        } else {
            scheduleRetry();
        }
    }

    private void onPingFailed(XMPPTCPConnection c) {
        if (stopped || c != connection || !ready) return;
        c.instantShutdown(); // keeps the stream management state: the next attempt resumes
        lost(new IOException("the server did not answer a keep-alive ping within " + settings.replyTimeout.toMillis() + " ms"));
        scheduleRetry();
    }

    private void lost(Throwable cause) {
        ready = false;
        if (System.nanoTime() - upSinceNanos >= settings.reconnect.resetAfter().toNanos()) attempts = 0;
        log.info("push client " + username + " lost its connection: " + cause);
        events.disconnected(cause);
    }

    private void checkAlive() {
        XMPPTCPConnection c = connection;
        boolean alive;
        try {
            alive = PingManager.getInstanceFor(c).pingMyServer(false, settings.replyTimeout.toMillis());
        } catch (SmackException.NotConnectedException e) {
            alive = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!alive) onPingFailed(c);
    }

    private void scheduleRetry() {
        long delay = settings.reconnect.delayMillis(attempts, random);
        if (attempts < Integer.MAX_VALUE) attempts++;
        schedule(delay);
    }

    private void schedule(long delayMillis) {
        if (stopped) return;
        if (networkDown) {
            events.waitingForNetwork();
            return;
        }
        events.reconnecting(delayMillis);
        try {
            nextAttempt = scheduler.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.log(Level.FINE, "push client stopped; no reconnection", e);
        }
    }

    private void flushDeviceChanges() {
        if (deviceChanges.isEmpty()) return;
        try {
            deviceChanges.flush(connection);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** After a failed attempt: a half-open connection is shut without a goodbye (a resumable session stays so). */
    private void abandon() {
        XMPPTCPConnection c = connection;
        if (c != null && c.isConnected()) c.instantShutdown();
    }

    private void discardConnection() {
        XMPPTCPConnection c = connection;
        connection = null;
        if (c != null) c.instantShutdown();
    }

    private void cancelNextAttempt() {
        if (nextAttempt != null) {
            nextAttempt.cancel(false);
            nextAttempt = null;
        }
    }

    private void closeNow() {
        cancelNextAttempt();
        boolean wasReady = ready;
        ready = false;
        XMPPTCPConnection c = connection;
        if (c != null) {
            if (wasReady) {
                c.disconnect(); // unavailable presence and </stream:stream>: the server ends the session now
            } else {
                c.instantShutdown();
            }
        }
        if (wasReady) {
            log.info("push client " + username + " stopped");
            events.disconnected(null);
        }
    }

    /** Authenticated and not merely "disconnected but resumable" (Smack then still reports connected). */
    private static boolean isLive(XMPPTCPConnection c) {
        return c.isConnected() && c.isAuthenticated() && !c.isDisconnectedButSmResumptionPossible();
    }

    private static boolean isConflict(Throwable cause) {
        return cause instanceof XMPPException.StreamErrorException
                && ((XMPPException.StreamErrorException) cause).getStreamError().getCondition() == StreamError.Condition.conflict;
    }
}
