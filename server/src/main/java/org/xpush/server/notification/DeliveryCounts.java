package org.xpush.server.notification;

/**
 * What became of a notification, per device (README "Delivery"):
 *
 * @param targeted     devices it was addressed to
 * @param delivered    devices that received it: acknowledged it, answered with an error, or (legacy androidpn
 *                     devices, which never acknowledge) had it written to their connection
 * @param acknowledged devices that acknowledged it
 * @param failed       devices that answered it with an error
 * @param expired      devices that had not received it when its TTL ran out (or that a newer notification with
 *                     the same collapse key replaced it for)
 * @param pending      devices still waiting: offline, or sent and not yet acknowledged
 */
public record DeliveryCounts(int targeted, int delivered, int acknowledged, int failed, int expired, int pending) {}
