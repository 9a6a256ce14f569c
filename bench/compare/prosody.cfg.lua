-- Prosody 0.12 configuration for bench/compare.sh: one virtual host on 127.0.0.1:5422, run by hand (never the
-- system service). Everything not listed here is Prosody's default; every line below is a change from the default,
-- with the reason. compare.sh passes the run directory in the environment variable BENCH_DIR.

local dir = os.getenv("BENCH_DIR") or "/tmp/xpush-compare/prosody"

run_as_root = true                   -- default false: compare.sh runs as root on a throwaway machine; no user switch
certificates = "/etc/prosody/certs"  -- default "certs" next to the config: the package's localhost certificate, for STARTTLS
pidfile = dir .. "/prosody.pid"      -- default none
data_path = dir .. "/data"           -- default /var/lib/prosody: a fresh directory per run
log = { warn = dir .. "/prosody.log" } -- default info to the console: per-login lines would cost in the login storm
network_backend = "epoll"            -- stated (the 0.12 default): epoll, not select
network_settings = { tcp_backlog = 4096 } -- default 128: a login storm of thousands would lose SYNs to the backlog

c2s_ports = { 5422 }                 -- default 5222
c2s_interfaces = { "127.0.0.1" }     -- default all interfaces
s2s_ports = { }                      -- default 5269: no federation
http_ports = { }                     -- default 5280: no HTTP
https_ports = { }                    -- default 5281
c2s_direct_tls_ports = { }           -- stated: no direct TLS

modules_enabled = {                  -- default list trimmed to what the benchmark uses
    "roster"; "saslauth"; "tls"; "disco"; "ping"; "register";
    -- not loaded: "limits" (c2s rate limits), "offline" (offline storage), "mam" (archiving), "carbons",
    -- "smacks", "vcard", "private", "blocklist", "pep", "bosh", "websocket", "admin_adhoc", "posix"
}
modules_disabled = { "s2s"; "offline"; } -- s2s and offline are auto-loaded otherwise

authentication = "internal_hashed"   -- stated (the default): SCRAM-SHA-1 keys stored, 10000 iterations (0.12 default_iteration_count)
storage = "internal"                 -- stated (the default): files under data_path

c2s_require_encryption = false       -- default true: plaintext logins allowed, as for xpush and ejabberd
allow_unencrypted_plain_auth = true  -- default false: PLAIN without TLS allowed (SCRAM is used anyway)
allow_registration = true            -- default false: open in-band registration (XEP-0077)
min_seconds_between_registrations = 0 -- stated: no pause between registrations from one IP
registration_throttle_max = nil      -- stated: no throttle
limits = { }                         -- no c2s/s2s rate limits (mod_limits is not loaded either)

VirtualHost "localhost"
