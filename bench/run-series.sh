#!/usr/bin/env bash
# Runs the README's benchmark table: each scenario RUNS times (default 3), round-robin so that a noisy minute hits
# every scenario alike, then prints the median of each figure. Raw JSON lines go to bench/target/series-<time>.jsonl.
# Needs jq. Usage: bench/run-series.sh [RUNS]
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
runs="${1:-3}"
scenarios=(
  "accept --clients 16 --seconds 10"
  "accept --clients 16 --seconds 10 --batch 10"
  "unicast --devices 1000 --rate 200 --seconds 10"
  "unicast --devices 1000 --rate 500 --seconds 10"
  "fanout --devices 1000"
)
mkdir -p "$bench/target"
out="$bench/target/series-$(date +%Y%m%dT%H%M%S).jsonl"
for run in $(seq 1 "$runs"); do
  for s in "${scenarios[@]}"; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "run $run/$runs: $s (load average before: $load)" >&2
    # shellcheck disable=SC2086
    line="$("$bench/xpush-bench" $s 2>/dev/null)" || { echo "  failed" >&2; continue; }
    jq -c --arg cmd "$s" --arg load "$load" '{cmd: $cmd, loadBefore: ($load | tonumber), result: .}' <<<"$line" >>"$out"
  done
done
echo "raw results: $out" >&2
jq -r -s '
  def median(f): [.[] | f] | sort | .[(length - 1) / 2 | floor];
  group_by(.cmd)[] | map(.result) as $r | .[0].cmd as $cmd | (map(.loadBefore) | sort | .[(length - 1) / 2 | floor]) as $load |
  if $r[0].scenario == "accept" then
    "\($cmd): runs=\($r|length) accepted/s=\($r|median(.acceptedPerSecond)) deliveries/s=\($r|median(.deliveriesPerSecond)) p50=\($r|median(.requestMs.p50))ms p99=\($r|median(.requestMs.p99))ms errors=\($r|median(.errors)) cpu server/bench=\($r|median(.cpu.server))/\($r|median(.cpu.bench)) load=\($load)"
  elif $r[0].scenario == "unicast" then
    "\($cmd): runs=\($r|length) p50=\($r|median(.latencyMs.p50))ms p99=\($r|median(.latencyMs.p99))ms max=\($r|median(.latencyMs.max))ms lost=\($r|median(.lost)) (max \([$r[].lost]|max)) accepted/s=\($r|median(.acceptedPerSecond)) cpu server/bench=\($r|median(.cpu.server))/\($r|median(.cpu.bench)) load=\($load)"
  else
    "\($cmd): runs=\($r|length) post=\($r|median(.postMs))ms all-received=\($r|median(.allReceivedMs))ms all-acked=\($r|median(.allAcknowledgedMs))ms p50=\($r|median(.latencyMs.p50))ms p99=\($r|median(.latencyMs.p99))ms max=\($r|median(.latencyMs.max))ms lost=\($r|median(.lost)) (max \([$r[].lost]|max)) load=\($load)"
  end' "$out"
