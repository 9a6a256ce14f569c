package org.xpush.server.http;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meter registry, served at {@code /metrics} in the Prometheus text format. Other packages
 * register their meters on the registry {@link #create()} returns (one per node, made by the composition
 * root).
 */
public final class Metrics {

    private Metrics() {}

    /**
     * A Prometheus registry with the JVM and process meters bound: memory ({@code jvm_memory_used_bytes} …),
     * GC pauses, threads, class loading, CPU, uptime, open file descriptors ({@code process_files_open_files},
     * one per connection) and the JVM version ({@code jvm_info}).
     *
     * <p>Close the registry at shutdown: that also removes the GC notification listeners, which would otherwise
     * keep it reachable for the life of the JVM.
     */
    public static PrometheusMeterRegistry create() {
        JvmGcMetrics gc = new JvmGcMetrics();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
            @Override
            public void close() {
                gc.close();
                super.close();
            }
        };
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }
}
