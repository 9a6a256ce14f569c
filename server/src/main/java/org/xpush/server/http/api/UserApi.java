package org.xpush.server.http.api;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xpush.server.account.Account;
import org.xpush.server.account.AuthManager;
import org.xpush.server.device.Device;
import org.xpush.server.device.DeviceService;
import org.xpush.server.http.ApiModule;
import org.xpush.server.http.ApiRoutes;
import org.xpush.server.http.JsonBody;
import org.xpush.server.http.ProblemException;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.SessionManager;
import org.xpush.xmpp.stream.StreamErrorCondition;

/**
 * {@code /api/v1/users} and {@code /api/v1/sessions}: accounts (list, get, delete), a device's alias and tags,
 * and the sessions online now (list, kick). Handlers run on virtual threads and may block.
 */
public final class UserApi implements ApiModule {

    private final AuthManager auth;
    private final DeviceService devices;
    private final SessionManager sessions;

    public UserApi(AuthManager auth, DeviceService devices, SessionManager sessions) {
        this.auth = auth;
        this.devices = devices;
        this.sessions = sessions;
    }

    record AliasBody(String alias) {}

    record TagsBody(List<String> tags) {}

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/users", ctx -> {
            int limit = NotificationApi.intParam(ctx.queryParam("limit"), "limit", 100, 1, 1000);
            List<String> page = auth.store().list(ctx.queryParam("prefix"), ctx.queryParam("after"), limit);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", page);
            out.put("next", page.size() == limit ? page.get(page.size() - 1) : null);
            ctx.json(out);
        });
        routes.get("/users/{name}", ctx -> ctx.json(user(name(ctx.pathParam("name")))));
        routes.delete("/users/{name}", ctx -> {
            String name = name(ctx.pathParam("name"));
            if (!auth.delete(name)) throw ProblemException.notFound("No user " + name);
            for (ClientSession s : sessions.sessionsOf(name)) s.end(StreamErrorCondition.NOT_AUTHORIZED, "account removed");
            ctx.status(204);
        });
        routes.put("/users/{name}/alias", ctx -> {
            String name = name(ctx.pathParam("name"));
            AliasBody body = JsonBody.read(ctx, AliasBody.class);
            Optional<Device> d = apply(() -> devices.setAlias(name, body.alias()), "alias");
            ctx.json(user(d.orElseThrow(() -> ProblemException.notFound("No user " + name)).username()));
        });
        routes.put("/users/{name}/tags", ctx -> {
            String name = name(ctx.pathParam("name"));
            TagsBody body = JsonBody.read(ctx, TagsBody.class);
            if (body.tags() == null || body.tags().contains(null)) throw ProblemException.invalidField("tags", "must be an array of strings");
            Optional<Device> d = apply(() -> devices.setTags(name, body.tags()), "tags");
            ctx.json(user(d.orElseThrow(() -> ProblemException.notFound("No user " + name)).username()));
        });
        routes.get("/sessions", ctx -> ctx.json(Map.of("items", sessions.all().stream().map(UserApi::session).toList())));
        routes.delete("/sessions/{jid}", ctx -> {
            org.xpush.xmpp.Jid jid = org.xpush.xmpp.Jid.parseOrNull(ctx.pathParam("jid"));
            ClientSession s = jid == null ? null : sessions.get(jid);
            if (s == null) throw ProblemException.notFound("No session " + ctx.pathParam("jid"));
            s.end(StreamErrorCondition.POLICY_VIOLATION, "disconnected by an administrator");
            ctx.status(204);
        });
    }

    private static Optional<Device> apply(java.util.function.Supplier<Optional<Device>> change, String field) {
        try {
            return change.get();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, e.getMessage());
        }
    }

    private static String name(String raw) {
        try {
            return AuthManager.normalizeUsername(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No user " + raw);
        }
    }

    private Map<String, Object> user(String name) {
        Account account = auth.find(name).orElseThrow(() -> ProblemException.notFound("No user " + name));
        Device device = devices.device(name).orElseThrow(() -> ProblemException.notFound("No user " + name));
        List<ClientSession> online = sessions.sessionsOf(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", account.username());
        m.put("created", DateTimeFormatter.ISO_INSTANT.format(account.created()));
        m.put("alias", device.alias());
        m.put("tags", device.tags().stream().sorted().toList());
        m.put("acknowledges", device.acknowledges());
        m.put("online", !online.isEmpty());
        m.put("sessions", online.stream().map(UserApi::session).toList());
        return m;
    }

    private static Map<String, Object> session(ClientSession s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jid", s.jid().toString());
        m.put("connectedSince", DateTimeFormatter.ISO_INSTANT.format(s.started()));
        m.put("connected", s.isConnected());
        m.put("secure", s.isSecure());
        m.put("available", s.presence() != null);
        java.net.SocketAddress remote = s.remoteAddress();
        m.put("remote", remote == null ? null : remote.toString().replaceFirst("^/", ""));
        return m;
    }
}
