package org.xpush.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The parsers of /proc/PID/status and of jcmd GC.heap_info (answers as JDK 25 gives them). */
class ServerMemoryTest {

    @Test
    void readsVmRssFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 6612344 kB\nVmHWM:\t  260000 kB\nVmRSS:\t  254556 kB\nRssAnon:\t 230000 kB\n";
        assertThat(ServerMemory.rssKib(status)).isEqualTo(254_556);
        assertThatThrownBy(() -> ServerMemory.rssKib("Name:\tzombie\n")).hasMessageContaining("no VmRSS");
    }

    @Test
    void readsTheUsedHeapOfG1() {
        String g1 = "30814:\ngarbage-first heap   total reserved 6172672K, committed 393216K, used 11458K"
                + " [0x0000000687400000, 0x0000000800000000)\n region size 4096K, 3 young (12288K), 1 survivors (4096K)\n"
                + " Metaspace       used 1234K, committed 1300K, reserved 1114112K\n";
        assertThat(ServerMemory.heapUsedKib(g1)).isEqualTo(11_458);
    }

    @Test
    void addsTheGenerationsOfSerialGcAndUnderstandsMegabytes() {
        String serial = "30815:\nDefNew     total 116160K, used 31021K [0x0000000687400000, 0x000000068f200000)\n"
                + " eden space 103296K,  30% used [0x0000000687400000, 0x000000068924b540, 0x000000068d8e0000)\n"
                + " from space 12864K,   0% used [0x000000068d8e0000, 0x000000068d8e0000, 0x000000068e570000)\n"
                + "Tenured    total 258048K, used 1166K [0x0000000704d50000, 0x0000000714950000)\n";
        assertThat(ServerMemory.heapUsedKib(serial)).isEqualTo(32_187);
        assertThat(ServerMemory.heapUsedKib(" ZHeap           used 12M, capacity 64M, max capacity 6028M\n")).isEqualTo(12 * 1024);
    }

    @Test
    void anAnswerWithoutHeapFiguresIsAnError() {
        assertThatThrownBy(() -> ServerMemory.heapUsedKib("123:\nCould not attach\n")).hasMessageContaining("no heap usage");
    }

    @Test
    void rssIsSteadyWhenTheReadingsLieWithinHalfAPercent() {
        assertThat(ServerMemory.isSteady(java.util.List.of(200_000L, 200_900L, 200_100L, 200_500L))).isTrue();
        assertThat(ServerMemory.isSteady(java.util.List.of(260_000L, 240_000L, 220_000L, 200_000L))).isFalse();
        assertThat(ServerMemory.isSteady(java.util.List.of(200_000L, 200_000L, 200_000L, 201_100L))).isFalse();
    }

    @Test
    void theSettledRssOfThisProcessIsItsRss() throws Exception {
        long pid = ProcessHandle.current().pid();
        long settled = ServerMemory.settledRssKib(pid);
        long now = ServerMemory.rssKib(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "status")));
        assertThat(settled).isPositive();
        assertThat((double) Math.abs(now - settled)).isLessThan(now * 0.25);
    }
}
