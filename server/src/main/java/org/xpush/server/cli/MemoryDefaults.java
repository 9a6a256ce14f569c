package org.xpush.server.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heap settings for a server process that holds many idle connections: the JVM gives back heap it no longer
 * needs instead of keeping what a burst of logins or notifications made it grow to. Applied by {@code xpush
 * server} at start through the JVM's manageable flags, each only when it was not set on the command line (so
 * {@code XPUSH_JAVA_OPTS=-XX:MaxHeapFreeRatio=70} still wins):
 * <ul>
 *   <li>{@code G1PeriodicGCInterval=30000}: after 30 s without a collection, G1 runs a concurrent cycle and
 *       uncommits free regions (JEP 346), so a quiet server's RSS follows its live heap;
 *   <li>{@code MinHeapFreeRatio=10}, {@code MaxHeapFreeRatio=30}: after such a cycle or a full collection the
 *       committed heap is kept within 10–30 % above what is live (JVM defaults: 40–70 %).
 * </ul>
 * Young collections under load size the heap by G1's pause and GC-time goals as before; these settings only
 * decide how much stays committed once the load is gone.
 */
final class MemoryDefaults {

    private static final Logger log = LoggerFactory.getLogger(MemoryDefaults.class);

    /** Flag and value, in the order they are set (MinHeapFreeRatio first: it must never exceed the maximum). */
    static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("MinHeapFreeRatio", "10");
        FLAGS.put("MaxHeapFreeRatio", "30");
        FLAGS.put("G1PeriodicGCInterval", "30000");
    }

    private MemoryDefaults() {}

    /** Sets each flag of {@link #FLAGS} that still has the JVM's default; returns those it set. */
    static Map<String, String> apply() {
        return apply(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class));
    }

    static Map<String, String> apply(HotSpotDiagnosticMXBean vm) {
        Map<String, String> set = new LinkedHashMap<>();
        if (vm == null) return set; // not HotSpot
        for (Map.Entry<String, String> f : FLAGS.entrySet()) {
            try {
                VMOption current = vm.getVMOption(f.getKey());
                if (current.getOrigin() != VMOption.Origin.DEFAULT) continue;
                vm.setVMOption(f.getKey(), f.getValue());
                set.put(f.getKey(), f.getValue());
            } catch (IllegalArgumentException e) {
                // a flag this JVM does not have or refuses (another collector, another vendor): keep its default
                log.debug("JVM flag {} not set: {}", f.getKey(), e.getMessage());
            }
        }
        if (!set.isEmpty()) log.debug("JVM heap settings: {}", set);
        return set;
    }
}
