package org.xpush.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.xpush.server.apikey.ApiKey;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.limit.RateLimiter;

/**
 * The gate in front of {@code /api/…}: authenticates {@code Authorization: Bearer <key>} (RFC 6750 §2.1),
 * then takes a token from the key's bucket. Runs as a before-handler, on the request's virtual thread; may
 * block on JDBC when the key is not in {@link ApiKeyService}'s cache.
 *
 * <ul>
 *   <li>no header, another scheme, or a malformed token: 401, {@code WWW-Authenticate: Bearer realm="xpush"};
 *   <li>an unknown or revoked key: 401, {@code WWW-Authenticate: Bearer realm="xpush", error="invalid_token"};
 *   <li>the key's bucket is empty: 429 with {@code Retry-After}.
 * </ul>
 * Unknown and revoked keys get the same answer. Unauthenticated requests are not rate-limited: a key has
 * 256 random bits, so guessing is hopeless, and failed lookups are cached.
 */
public final class ApiKeyAuth implements Handler {

    private static final String ATTRIBUTE = ApiKeyAuth.class.getName();
    private static final String CHALLENGE = "Bearer realm=\"xpush\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    private final ApiKeyService keys;
    private final RateLimiter<String> limiter;
    private final int perSecond;

    /** @param requestsPerKeyPerSecond sustained rate and burst of each key */
    ApiKeyAuth(ApiKeyService keys, int requestsPerKeyPerSecond) {
        if (requestsPerKeyPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerKeyPerSecond must be at least 1: " + requestsPerKeyPerSecond);
        }
        this.keys = Objects.requireNonNull(keys, "keys");
        this.perSecond = requestsPerKeyPerSecond;
        this.limiter = new RateLimiter<>(requestsPerKeyPerSecond, Duration.ofSeconds(1));
    }

    /**
     * The key that authenticated this request.
     *
     * @throws IllegalStateException outside an authenticated route (a handler not registered through {@link ApiRoutes})
     */
    public static ApiKey key(Context ctx) {
        ApiKey key = ctx.attribute(ATTRIBUTE);
        if (key == null) throw new IllegalStateException("no API key: " + ctx.path() + " is not an authenticated route");
        return key;
    }

    @Override
    public void handle(Context ctx) {
        String token = bearerToken(ctx.header("Authorization"));
        if (token == null) {
            throw new ProblemException(401, null,
                    "Send the API key as the header `Authorization: Bearer <key>`", null)
                    .withHeader("WWW-Authenticate", CHALLENGE);
        }
        Optional<ApiKey> key = keys.authenticate(token);
        if (key.isEmpty()) {
            throw new ProblemException(401, null, "The API key is unknown or has been revoked", null)
                    .withHeader("WWW-Authenticate", INVALID_TOKEN);
        }
        if (!limiter.tryAcquire(key.get().id())) {
            // The bucket refills one token every 1/perSecond s (≤ 1 s): retrying after 1 s finds one.
            throw ProblemException.tooManyRequests(
                    "More than " + perSecond + " requests per second with this API key", 1);
        }
        ctx.attribute(ATTRIBUTE, key.get());
    }

    /** The token of a {@code Bearer} credential (scheme case-insensitive, RFC 9110 §11.1), or null. */
    static String bearerToken(String authorization) {
        if (authorization == null) return null;
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) return null;
        String token = value.substring(space + 1).strip();
        return isB64Token(token) ? token : null;
    }

    /** RFC 6750 §2.1: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static boolean isB64Token(String token) {
        int i = 0;
        int n = token.length();
        while (i < n && isTokenChar(token.charAt(i))) i++;
        if (i == 0) return false;
        while (i < n && token.charAt(i) == '=') i++;
        return i == n;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
