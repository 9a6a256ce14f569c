package org.xpush.server.console;

import java.util.List;

/**
 * What the layout of every console page needs.
 *
 * @param title   the page's title
 * @param nav     which navigation entry is current ({@link NavItem#key()}), or null
 * @param user    the signed-in console account, or null on the sign-in page
 * @param csrf    the session's anti-forgery token, or the sign-in form's; put in every form
 * @param version this build's version (also busts the assets' cache)
 * @param notice  a one-line confirmation to show on top ("API key revoked"), or null
 */
public record PageView(String title, String nav, String user, String csrf, String version, String notice) {

    /** An entry of the navigation bar. */
    public record NavItem(String key, String path, String label) {}

    /** The navigation bar, in order. */
    public static final List<NavItem> NAV = List.of(
            new NavItem("dashboard", "/", "Dashboard"),
            new NavItem("users", "/users", "Users"),
            new NavItem("sessions", "/sessions", "Sessions"),
            new NavItem("notifications", "/notifications", "Notifications"),
            new NavItem("apikeys", "/apikeys", "API keys"));

    /** The same view with another title. */
    public PageView withTitle(String text) {
        return new PageView(text, nav, user, csrf, version, notice);
    }

    /** The same view with a notice. */
    public PageView withNotice(String text) {
        return new PageView(title, nav, user, csrf, version, text);
    }
}
