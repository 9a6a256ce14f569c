package org.xpush.server.session;

import java.util.ArrayDeque;

/**
 * XEP-0198 counters and the queue of stanzas sent but not yet acknowledged. Counters are unsigned 32-bit values
 * that wrap (XEP-0198 §4). Not thread-safe: guarded by the owning session's lock.
 */
final class StreamManagementState {

    final String id;
    final boolean resumable;
    /** Stanzas received from the client and handled ("h" we report). */
    int inbound;
    /** Stanzas the client has acknowledged (its last "h"). */
    int acknowledged;
    /** Sent, not yet acknowledged, in the order they were sent ({@code Element}s and {@code PreparedIq}s). */
    final ArrayDeque<Object> unacked = new ArrayDeque<>();
    /** An {@code <r/>} is outstanding. */
    boolean ackRequested;

    StreamManagementState(String id, boolean resumable) {
        this.id = id;
        this.resumable = resumable;
    }

    /**
     * Applies the client's {@code h}: drops the stanzas it confirms. Returns false when {@code h} confirms more
     * than was sent (XEP-0198 §4: a handled-count-too-high error).
     */
    boolean acknowledge(int h) {
        int newly = h - acknowledged; // unsigned distance, wraps correctly
        if (Integer.compareUnsigned(newly, unacked.size()) > 0) return false;
        for (int i = 0; i < newly; i++) unacked.removeFirst();
        acknowledged = h;
        return true;
    }

    /** Parses an unsigned 32-bit {@code h} attribute; throws NumberFormatException when it is not one. */
    static int parseH(String h) {
        if (h == null) throw new NumberFormatException("missing h");
        return Integer.parseUnsignedInt(h);
    }
}
