package org.xpush.server.device;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Aliases and tags of devices, set by the device itself (the {@link DeviceIqHandler}) or through the HTTP API.
 * Validates, stores, and tells listeners (the notification engine keeps the tags of online devices in memory).
 * Methods block (JDBC).
 */
public final class DeviceService {

    /** Longest alias or tag, in characters. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Most tags one device may have. */
    public static final int MAX_TAGS = 64;

    /** Told after a device's alias or tags changed. */
    public interface Listener {
        void deviceChanged(Device device);
    }

    private final DeviceStore store;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public DeviceService(DeviceStore store) {
        this.store = store;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public DeviceStore store() {
        return store;
    }

    /** The device of an existing account (created with defaults on first use). */
    public Optional<Device> device(String username) {
        return store.loadOrCreate(username);
    }

    /**
     * Checks an alias or tag: 1 to 255 characters, no control characters, not only whitespace. Throws
     * IllegalArgumentException naming {@code what} otherwise.
     */
    public static String checkName(String value, String what) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(what + " must not be empty");
        if (value.length() > MAX_NAME_LENGTH) throw new IllegalArgumentException(what + " is longer than " + MAX_NAME_LENGTH + " characters");
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) throw new IllegalArgumentException(what + " has a control character");
        }
        return value;
    }

    /** Sets (or with null clears) the alias; empty when there is no such account. */
    public Optional<Device> setAlias(String username, String alias) {
        if (alias != null) checkName(alias, "alias");
        if (!store.setAlias(username, alias)) return Optional.empty();
        return changed(username);
    }

    /** Replaces the tags; empty when there is no such account. */
    public Optional<Device> setTags(String username, Collection<String> tags) {
        checkTags(tags);
        if (tags.size() > MAX_TAGS) throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
        if (!store.setTags(username, tags)) return Optional.empty();
        return changed(username);
    }

    /** Adds tags; empty when there is no such account. */
    public Optional<Device> addTags(String username, Collection<String> tags) {
        checkTags(tags);
        Optional<Device> current = store.loadOrCreate(username);
        if (current.isEmpty()) return Optional.empty();
        java.util.Set<String> all = new java.util.HashSet<>(current.get().tags());
        all.addAll(tags);
        if (all.size() > MAX_TAGS) throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
        store.addTags(username, tags);
        return changed(username);
    }

    /** Removes tags; empty when there is no such account. */
    public Optional<Device> removeTags(String username, Collection<String> tags) {
        if (!store.removeTags(username, tags)) return Optional.empty();
        return changed(username);
    }

    /** The device declared that it acknowledges notification IQs (xpush SDK). */
    public void declareAcknowledging(String username) {
        store.markAcknowledging(username);
        changed(username);
    }

    private static void checkTags(Collection<String> tags) {
        for (String t : tags) checkName(t, "tag");
    }

    private Optional<Device> changed(String username) {
        Optional<Device> d = store.find(username);
        d.ifPresent(device -> listeners.forEach(l -> l.deviceChanged(device)));
        return d;
    }
}
