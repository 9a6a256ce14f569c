package org.xpush.android;

import android.content.Context;
import android.content.SharedPreferences;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The library's preferences ({@value #PREFERENCES}): the configuration, whether the app wants the service running,
 * the app's alias and tags with a flag for each saying that the server has not confirmed it yet, and the duplicate
 * window. All writes are synchronous ({@code commit}); all methods are thread-safe (SharedPreferences is).
 */
final class XPushState {

    static final String PREFERENCES = "xpush";

    private static final String RUNNING = "running";
    private static final String ALIAS = "alias";
    private static final String ALIAS_PENDING = "alias.pending";
    private static final String TAGS = "tags";
    private static final String TAGS_PENDING = "tags.pending";

    private final SharedPreferences preferences;

    private XPushState(SharedPreferences preferences) {
        this.preferences = preferences;
    }

    static XPushState of(Context context) {
        return new XPushState(context.getApplicationContext().getSharedPreferences(PREFERENCES, Context.MODE_PRIVATE));
    }

    SharedPreferences preferences() {
        return preferences;
    }

    /** Saves the configuration and marks the service as wanted. */
    void started(XPushConfig config) {
        SharedPreferences.Editor e = preferences.edit();
        config.writeTo(e);
        e.putBoolean(RUNNING, true).commit();
    }

    void stopped() {
        preferences.edit().putBoolean(RUNNING, false).commit();
    }

    /** Whether the app started the service and did not stop it (what the boot receiver checks). */
    boolean isRunning() {
        return preferences.getBoolean(RUNNING, false);
    }

    XPushConfig config() {
        return XPushConfig.readFrom(preferences);
    }

    // ---- alias and tags: the app's wish, and whether the server still has to hear it -----------------------------

    void wantAlias(String alias) {
        preferences.edit().putString(ALIAS, alias == null ? "" : alias).putBoolean(ALIAS_PENDING, true).commit();
    }

    void wantTags(List<String> tags) {
        preferences.edit().putString(TAGS, String.join("\n", tags)).putBoolean(TAGS_PENDING, true).commit();
    }

    /** The alias to send, or {@code null} when the server has it already. */
    String pendingAlias() {
        return preferences.getBoolean(ALIAS_PENDING, false) ? preferences.getString(ALIAS, "") : null;
    }

    /** The tags to send, or {@code null} when the server has them already. */
    List<String> pendingTags() {
        return preferences.getBoolean(TAGS_PENDING, false) ? tags() : null;
    }

    /** The tags the app set last. */
    List<String> tags() {
        String joined = preferences.getString(TAGS, "");
        if (joined.isEmpty()) return Collections.emptyList();
        List<String> list = new ArrayList<>();
        Collections.addAll(list, joined.split("\n"));
        return list;
    }

    /** The alias the app set last ({@code ""} for none). */
    String alias() {
        return preferences.getString(ALIAS, "");
    }

    /** The server confirmed {@code alias}: clears the flag unless the app has set another one meanwhile. */
    synchronized void aliasApplied(String alias) {
        if (alias.equals(preferences.getString(ALIAS, ""))) preferences.edit().putBoolean(ALIAS_PENDING, false).commit();
    }

    /** The server confirmed {@code tags}: clears the flag unless the app has set others meanwhile. */
    synchronized void tagsApplied(List<String> tags) {
        if (tags.equals(tags())) preferences.edit().putBoolean(TAGS_PENDING, false).commit();
    }

    /** A new device account starts without alias and tags: what the app set must be sent again. */
    void accountReplaced() {
        SharedPreferences.Editor e = preferences.edit();
        if (preferences.contains(ALIAS)) e.putBoolean(ALIAS_PENDING, true);
        if (preferences.contains(TAGS)) e.putBoolean(TAGS_PENDING, true);
        e.commit();
    }
}
