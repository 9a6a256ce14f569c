#!/usr/bin/env bash
# Side by side: xpush, ejabberd and Prosody on this machine in one run (issue 7). Installs ejabberd and Prosody
# from Debian when missing (never left running as system services), starts each by hand on 127.0.0.1 with the
# benchmark configurations in bench/compare/ (xpush from server/target/xpush-server.jar), and runs idle,
# login-storm, xmpp-route and message-fanout against all three (plus the API broadcast `fanout` on xpush), each
# scenario on the three servers in turn, repeated; then prints one Markdown table of medians with ratios.
#
# Usage: bench/compare.sh [--quick | --full] [--clients N] [--pairs P] [--seconds T] [--repeat K]
#   default   N=2000 clients, P=200 pairs, T=10 s, K=3   (about 15 minutes here)
#   --quick   N=200,  P=50,  T=3 s, K=1                   (CI-sized, about 3 minutes)
#   --full    N=19000, P=1000, T=10 s, K=3                (the issue's targets; about 1 hour)
# Needs root (apt-get, and ejabberd runs as its own user), jq, and a JDK >= 21 (found like ./mvnw does).
# Raw JSON lines: bench/target/compare-<time>/results.jsonl; servers' logs next to it.
set -euo pipefail
ulimit -n "$(ulimit -Hn)" # every server and the generator get the most file descriptors allowed (20,000 here)
bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"

clients=2000 pairs=200 seconds=10 repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) clients=200 pairs=50 seconds=3 repeat=1; shift ;;
    --full) clients=19000 pairs=1000 seconds=10 repeat=3; shift ;;
    --clients) clients="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "usage: $0 [--quick|--full] [--clients N] [--pairs P] [--seconds T] [--repeat K]" >&2; exit 2 ;;
  esac
done

ejabberd_port=5322 prosody_port=5422 xpush_port=5522 xpush_http=7522
run="$bench/target/compare-$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$run"
results="$run/results.jsonl"
log() { echo "compare: $*" >&2; }

# ---- the software ------------------------------------------------------------------------------------------------
if ! command -v ejabberdctl >/dev/null || ! command -v prosody >/dev/null; then
  log "installing ejabberd and prosody from Debian"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y ejabberd prosody
fi
# the packages' services must not hold the standard ports or run beside the benchmark: stop and disable them
for svc in ejabberd prosody; do
  if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  elif command -v service >/dev/null; then
    service "$svc" stop >/dev/null 2>&1 || true
  fi
done
. "$root/.mvn/find-jdk.sh"
xpush_find_jdk
if [ ! -f "$bench/target/xpush-bench.jar" ] || [ ! -f "$root/server/target/xpush-server.jar" ]; then
  log "building the server and the generator"
  "$root/mvnw" -q -B -f "$root/pom.xml" -pl bench -am package -DskipTests >&2
fi
# copies, so that a rebuild during the run cannot change what is measured
cp "$bench/target/xpush-bench.jar" "$root/server/target/xpush-server.jar" "$run/"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
gen() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$run/xpush-bench.jar" "$@"; }

# ---- the servers (started by this script, stopped by their process ids on exit) ---------------------------------
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_port() { # host port seconds
  for _ in $(seq 1 $(($3 * 5))); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  log "nothing listens on $1:$2 after $3 s"; return 1
}

start_ejabberd() {
  local d="$run/ejabberd"
  mkdir -p "$d/db" && cp "$bench/compare/ejabberd.yml" "$d/" && touch "$d/inetrc" && chown -R ejabberd:ejabberd "$d"
  # as the ejabberd user without su: su's PAM session would cut the open-files limit to 1024 (pam_limits), and
  # ejabberd would refuse connections beyond that; setpriv keeps this shell's limit (`ulimit -n`)
  HOME=/var/lib/ejabberd setpriv --reuid=ejabberd --regid=ejabberd --init-groups \
    ejabberdctl --config-dir "$d" --config "$d/ejabberd.yml" --spool "$d/db" --logs "$d" \
    --node "ejabberd-bench@localhost" foreground >"$d/console.log" 2>&1 &
  pids+=("$!")
  wait_port 127.0.0.1 "$ejabberd_port" 90
  ejabberd_pid="$(pgrep -f "beam.smp.*-sname ejabberd-bench@localhost" | head -1)" # the Erlang VM itself
  pids+=("$ejabberd_pid")
}

start_prosody() {
  local d="$run/prosody"
  mkdir -p "$d/data"
  BENCH_DIR="$d" prosody -F --config "$bench/compare/prosody.cfg.lua" >"$d/console.log" 2>&1 &
  prosody_pid="$!" # the Lua interpreter (prosody is a script run by lua, no wrapper process)
  pids+=("$prosody_pid")
  wait_port 127.0.0.1 "$prosody_port" 30
}

start_xpush() {
  local d="$run/xpush"
  mkdir -p "$d"
  xpush_key="xp_compare$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  # the same settings as the scenarios' own child server (bench/README.md), on fixed ports
  env -u XPUSH_CONFIG XPUSH_API_KEY="$xpush_key" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    -jar "$run/xpush-server.jar" server --data-dir="$d/data" --bind=127.0.0.1 \
    --xmpp-port="$xpush_port" --xmpp-tls-port=-1 --http-port="$xpush_http" --tls-required=false \
    --plain-without-tls=true --registration-per-ip-per-minute=100000000 \
    --connections-per-ip-per-second=100000000 --api-requests-per-second=100000000 >"$d/server.log" 2>&1 &
  xpush_pid="$!"
  pids+=("$xpush_pid")
  for _ in $(seq 1 300); do grep -q "xpush ready:" "$d/server.log" && return 0; sleep 0.2; done
  log "xpush did not start; see $d/server.log"; return 1
}

log "starting ejabberd, prosody and xpush"
start_ejabberd
start_prosody
start_xpush

target() { # server -> generator options
  case "$1" in
    xpush) echo "--api http://127.0.0.1:$xpush_http --api-key $xpush_key --xmpp 127.0.0.1:$xpush_port --domain localhost --server-pid $xpush_pid" ;;
    ejabberd) echo "--xmpp 127.0.0.1:$ejabberd_port --domain localhost --server-pid $ejabberd_pid" ;;
    prosody) echo "--xmpp 127.0.0.1:$prosody_port --domain localhost --server-pid $prosody_pid" ;;
  esac
}

# ---- the runs: every scenario on the three servers in turn, K times --------------------------------------------
scenarios=(
  "idle --clients $clients --user-prefix idle"
  "login-storm --clients $clients --user-prefix storm"
  "xmpp-route --pairs $pairs --seconds $seconds --warmup 3 --user-prefix route"
  "message-fanout --clients $clients --user-prefix mfan"
)
for k in $(seq 1 "$repeat"); do
  for s in "${scenarios[@]}" "fanout --devices $clients --user-prefix fan"; do
    servers="xpush ejabberd prosody"
    [[ "$s" == fanout* ]] && servers="xpush" # the API broadcast exists on xpush only
    # alternate the order, so that no server always runs first after a pause
    [ $((k % 2)) -eq 0 ] && servers="$(echo "$servers" | tr ' ' '\n' | tac | tr '\n' ' ')"
    for srv in $servers; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      log "run $k/$repeat $srv: $s (load average $load)"
      # the API broadcast goes to every account of the server, and would wait as an offline notification for the
      # accounts of the other scenarios: it gets its own fresh xpush (the generator's child server, same settings)
      opts="$(target "$srv")"
      [[ "$s" == fanout* ]] && opts="--server-jar $run/xpush-server.jar"
      # shellcheck disable=SC2086
      if line="$(gen $s $opts 2>>"$run/generator.log")"; then
        jq -c --arg srv "$srv" --arg cmd "$s" --arg load "$load" \
          '{server: $srv, cmd: $cmd, loadBefore: ($load | tonumber), result: .}' <<<"$line" >>"$results"
      else
        log "  failed (see $run/generator.log)"
      fi
    done
  done
done

# ---- the table ---------------------------------------------------------------------------------------------------
{
  echo "compare.sh at commit $commit: $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB; N=$clients clients, P=$pairs pairs, T=${seconds}s, K=$repeat; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo
  jq -r -s -f "$bench/compare/table.jq" "$results"
} | tee "$run/table.md"
log "raw results: $results"
