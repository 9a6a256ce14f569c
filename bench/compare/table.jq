# bench/compare.sh: the Markdown table of a run, from its results.jsonl (jq -s). Medians over the repeats; the
# ratio columns say how many times better xpush is (> 1: xpush better, < 1: worse), whichever way "better" goes.
def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
def fig(srv; scen; f): [.[] | select(.server == srv and .result.scenario == scen) | .result | f | select(. != null)] | median;
def fmt: if . == null then "–" elif (type == "number") then (if . >= 100 then (. | round | tostring) else ((. * 10 | round) / 10 | tostring) end) else tostring end;
def ratio(x; o; higher): if x == null or o == null or x == 0 or o == 0 then "–"
  else ((if higher then x / o else o / x end) * 100 | round / 100 | tostring) + "×" end;
def runs(scen): [.[] | select(.result.scenario == scen)] | length;
def row(title; scen; f; higher):
  fig("xpush"; scen; f) as $x | fig("ejabberd"; scen; f) as $e | fig("prosody"; scen; f) as $p |
  "| \(title) | \($x | fmt) | \($e | fmt) | \($p | fmt) | \(ratio($x; $e; higher)) | \(ratio($x; $p; higher)) |";
def mech(srv): [.[] | select(.server == srv and .result.mechanism != null) | .result.mechanism] | unique | join(", ");
. as $all |
"| figure (median of runs) | xpush | ejabberd 23.01 | Prosody 0.12 | xpush vs ejabberd | xpush vs Prosody |",
"|---|---|---|---|---|---|",
"| SASL mechanism used | \($all | mech("xpush")) | \($all | mech("ejabberd")) | \($all | mech("prosody")) | | |",
"| password storage | SCRAM-SHA-1 + SCRAM-SHA-256 keys, 4096 iterations (H2) | SCRAM-SHA-256 keys, 4096 iterations (Mnesia) | SCRAM-SHA-1 keys, 10000 iterations (internal files) | | |",
($all | row("idle: RSS per session, KiB (lower is better)"; "idle"; .rssPerSessionKib; false)),
($all | row("idle: JVM heap per session after GC, KiB"; "idle"; (if .heapPerSessionKib < 0 then null else .heapPerSessionKib end); false)),
($all | row("login-storm: logins/s"; "login-storm"; .loginsPerSecond; true)),
($all | row("login-storm: login p99, ms"; "login-storm"; .loginMs.p99; false)),
($all | row("xmpp-route: msgs/s at saturation"; "xmpp-route"; .messagesPerSecond; true)),
($all | row("xmpp-route: latency p99, ms"; "xmpp-route"; .latencyMs.p99; false)),
($all | row("message-fanout: all N received, ms"; "message-fanout"; .allReceivedMs; false)),
($all | row("message-fanout: receipt p99, ms"; "message-fanout"; .latencyMs.p99; false)),
($all | row("fanout (API broadcast, xpush only): all N received, ms"; "fanout"; .allReceivedMs; false)),
($all | row("fanout (API broadcast): all N acknowledged, ms"; "fanout"; .allAcknowledgedMs; false)),
"",
"Runs: idle \($all | runs("idle")), login-storm \($all | runs("login-storm")), xmpp-route \($all | runs("xmpp-route")), message-fanout \($all | runs("message-fanout")), fanout \($all | runs("fanout")); failed runs are missing from these counts. Load average before the runs: \([$all[].loadBefore] | median) (median), \([$all[].loadBefore] | min)–\([$all[].loadBefore] | max)."
