package org.xpush.server.console.dashboard;

/**
 * One sample of the dashboard's live figures, as sent over server-sent events and drawn on the chart.
 *
 * @param time                  when it was taken, epoch milliseconds
 * @param connections           bound XMPP sessions on this node
 * @param devicesOnline         devices with an available session
 * @param acceptedPerMinute     notifications accepted in the last minute
 * @param deliveredPerMinute    per-device deliveries in the last minute
 * @param acknowledgedPerMinute per-device acknowledgements in the last minute
 * @param latencyMillis         mean delivery latency over the last minute (acceptance to acknowledgement), or -1
 *                              when nothing was acknowledged
 * @param heapUsed              JVM heap in use, bytes
 * @param heapMax               JVM heap limit, bytes
 * @param uptimeSeconds         since the node started
 */
public record Figures(
        long time, int connections, int devicesOnline, long acceptedPerMinute, long deliveredPerMinute,
        long acknowledgedPerMinute, double latencyMillis, long heapUsed, long heapMax, long uptimeSeconds) {}
