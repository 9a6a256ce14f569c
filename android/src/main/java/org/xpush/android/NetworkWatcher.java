package org.xpush.android;

import android.net.ConnectivityManager;
import android.net.Network;
import org.xpush.client.PushClient;

/**
 * The heir of androidpn's PhoneStateChangeListener: follows the default network and tells the client. When a
 * network becomes the default one the client tries to connect at once (or checks its live connection with a ping);
 * when the default network is lost it stops its reconnection attempts until a network is back, instead of spending
 * battery on attempts that cannot succeed.
 */
final class NetworkWatcher extends ConnectivityManager.NetworkCallback {

    private final PushClient client;

    NetworkWatcher(PushClient client) {
        this.client = client;
    }

    @Override
    public void onAvailable(Network network) {
        client.onNetworkAvailable();
    }

    @Override
    public void onLost(Network network) {
        client.onNetworkLost();
    }
}
