package org.xpush.android;

import android.content.SharedPreferences;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xpush.client.ReceivedIdStore;

/**
 * Keeps the ids of the last received notifications (the SDK's duplicate window) in {@link SharedPreferences}, one
 * string of ids separated by line breaks, written synchronously. Ids with a line break are left out. Thread-safe.
 */
final class SharedPreferencesReceivedIdStore implements ReceivedIdStore {

    static final String RECEIVED_IDS = "received-ids";

    private final SharedPreferences preferences;

    SharedPreferencesReceivedIdStore(SharedPreferences preferences) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
    }

    @Override
    public synchronized List<String> load() {
        String stored = preferences.getString(RECEIVED_IDS, "");
        List<String> ids = new ArrayList<>();
        for (String id : stored.split("\n")) {
            if (!id.isEmpty()) ids.add(id);
        }
        return ids;
    }

    @Override
    public synchronized void save(List<String> ids) throws IOException {
        StringBuilder sb = new StringBuilder(ids.size() * 24);
        for (String id : ids) {
            if (id.isEmpty() || id.indexOf('\n') >= 0) continue;
            sb.append(id).append('\n');
        }
        if (!preferences.edit().putString(RECEIVED_IDS, sb.toString()).commit()) {
            throw new IOException("could not write the received notification ids to the preferences");
        }
    }
}
