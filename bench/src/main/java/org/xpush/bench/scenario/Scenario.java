package org.xpush.bench.scenario;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.xpush.bench.device.DeviceFleet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every scenario does around its measurement: prints its result as one JSON line on the command's output,
 * progress on standard error, and turns a failure into exit code 1 with a message.
 */
abstract class Scenario implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Runs the scenario; the returned record is the JSON line. */
    abstract Object run() throws Exception;

    @Override
    public final Integer call() {
        try {
            ResultLine.print(spec.commandLine().getOut(), run());
            return 0;
        } catch (Exception e) {
            // on the command's error stream (System.err unless a caller set another), flushed: the process may end now
            PrintWriter err = spec.commandLine().getErr();
            err.println("bench " + spec.name() + " failed: " + e);
            err.flush();
            return 1;
        }
    }

    static void progress(String format, Object... args) {
        System.err.println("bench: " + String.format(format, args));
    }

    /** Stops the run when not every device made it: a partial fleet would measure something else. */
    static void requireAll(DeviceFleet.Outcome o, String what) {
        progress("%d of %d %s ready in %.1f s", o.succeeded(), o.requested(), what, o.took().toMillis() / 1000.0);
        if (o.failed() > 0) {
            throw new IllegalStateException(o.failed() + " of " + o.requested() + " " + what + " failed: " + o.failures());
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
