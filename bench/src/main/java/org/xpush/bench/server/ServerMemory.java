package org.xpush.bench.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of the server process, without JMX: its resident set from {@code /proc/PID/status} ({@code VmRSS}),
 * and, when it is a JVM, the heap in use right after a full collection, from {@code jcmd PID GC.run} and
 * {@code jcmd PID GC.heap_info} (the {@code jcmd} of the JDK running this generator). The RSS is read once it
 * has settled after that collection (see {@link #settledRssKib}).
 */
public final class ServerMemory {

    /**
     * One reading.
     *
     * @param rssKib      resident set size in KiB
     * @param heapUsedKib heap in use after a full GC in KiB, or -1 (not a JVM, or jcmd failed)
     */
    public record Reading(long rssKib, long heapUsedKib) {}

    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");
    private static final Pattern USED = Pattern.compile("\\bused (\\d+)([KMG])\\b");

    private ServerMemory() {}

    /** Reads the memory of process {@code pid}; collects its garbage first if it is a JVM. */
    public static Reading read(long pid) throws IOException, InterruptedException {
        if (pid < 0) throw new IllegalArgumentException("the server's process id is unknown (--server-pid)");
        long heap = -1;
        if (isJvm(pid)) {
            jcmd(pid, "GC.run");
            heap = heapUsedKib(jcmd(pid, "GC.heap_info"));
        }
        return new Reading(settledRssKib(pid), heap);
    }

    /**
     * The RSS once it stops moving: a JVM gives heap back concurrently, shortly after the collection (G1 uncommits
     * regions on its service thread), so the first reading after {@code GC.run} can still count memory about to
     * be returned. Reads every 250 ms until four readings in a row (one second) lie within 0.5 % of each other,
     * for at most 10 s, and returns the last.
     */
    static long settledRssKib(long pid) throws IOException, InterruptedException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Long> recent = new ArrayList<>();
        while (true) {
            long rss = rssKib(Files.readString(status));
            recent.add(rss);
            if (recent.size() > 4) recent.remove(0);
            if (recent.size() == 4 && isSteady(recent) || System.nanoTime() > deadline) return rss;
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    /** Whether the readings lie within 0.5 % of their largest. */
    static boolean isSteady(List<Long> readings) {
        long max = readings.stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = readings.stream().mapToLong(Long::longValue).min().orElseThrow();
        return max - min <= max / 200;
    }

    /** {@code VmRSS} of a {@code /proc/PID/status} text, in KiB. */
    static long rssKib(String procStatus) {
        Matcher m = VM_RSS.matcher(procStatus);
        if (!m.find()) throw new IllegalArgumentException("no VmRSS line in /proc/PID/status");
        return Long.parseLong(m.group(1));
    }

    /**
     * The heap in use in a {@code GC.heap_info} answer, in KiB: the sum of the "used N" figures of the heap lines
     * (one for G1, young plus old for Serial and Parallel), without Metaspace and class space.
     */
    static long heapUsedKib(String heapInfo) {
        long total = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) continue;
            Matcher m = USED.matcher(line);
            if (m.find()) {
                long v = Long.parseLong(m.group(1));
                total += switch (m.group(2)) {
                    case "M" -> v * 1024;
                    case "G" -> v * 1024 * 1024;
                    default -> v;
                };
                found = true;
            }
        }
        if (!found) throw new IllegalArgumentException("no heap usage in the GC.heap_info answer: " + heapInfo.strip());
        return total;
    }

    private static boolean isJvm(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command())
                .map(c -> c.endsWith("/java") || c.equals("java")).orElse(false);
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        List<String> cmd = new ArrayList<>(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(pid), command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " did not end within 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException("jcmd " + command + " failed (" + p.exitValue() + "): " + text.strip());
        return text;
    }
}
