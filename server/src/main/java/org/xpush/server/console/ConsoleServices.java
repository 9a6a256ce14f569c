package org.xpush.server.console;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.xpush.server.account.AuthManager;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.device.DeviceService;
import org.xpush.server.notification.NotificationManager;
import org.xpush.server.notification.NotificationStore;
import org.xpush.server.session.SessionManager;

/**
 * What the console's pages work with: the node's services, as the composition root built them.
 *
 * @param admins        console accounts (sign-in)
 * @param accounts      XMPP accounts (users page)
 * @param devices       aliases and tags
 * @param sessions      who is online on this node
 * @param notifications the notification engine (send, status)
 * @param history       notification history
 * @param apiKeys       API keys
 * @param metrics       the node's meters (dashboard figures)
 * @param versions      asks connected clients for their software version (sessions page)
 * @param version       this build's version
 * @param domain        the XMPP domain served
 * @param started       when this node started
 */
public record ConsoleServices(
        AdminAccounts admins, AuthManager accounts, DeviceService devices, SessionManager sessions,
        NotificationManager notifications, NotificationStore history, ApiKeyService apiKeys, MeterRegistry metrics,
        org.xpush.server.console.sessions.ClientVersions versions, String version, String domain, Instant started) {}
