package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MemoryDefaults} on this test JVM's own flags. */
class MemoryDefaultsTest {

    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void setsEveryFlagStillAtItsDefaultAndLeavesTheOthers() {
        Map<String, VMOption> before = new java.util.HashMap<>();
        for (String flag : MemoryDefaults.FLAGS.keySet()) before.put(flag, vm.getVMOption(flag));

        Map<String, String> set = MemoryDefaults.apply(vm);

        for (Map.Entry<String, String> f : MemoryDefaults.FLAGS.entrySet()) {
            VMOption now = vm.getVMOption(f.getKey());
            if (before.get(f.getKey()).getOrigin() == VMOption.Origin.DEFAULT) {
                assertThat(set).containsEntry(f.getKey(), f.getValue());
                assertThat(now.getValue()).isEqualTo(f.getValue());
                assertThat(now.getOrigin()).isEqualTo(VMOption.Origin.MANAGEMENT);
            } else {
                assertThat(set).doesNotContainKey(f.getKey());
                assertThat(now.getValue()).isEqualTo(before.get(f.getKey()).getValue());
            }
        }
    }

    @Test
    void aSecondCallChangesNothing() {
        MemoryDefaults.apply(vm);
        assertThat(MemoryDefaults.apply(vm)).isEmpty();
    }
}
