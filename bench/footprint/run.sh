#!/usr/bin/env bash
# Footprint of node processes over an hour: `jdrand demo` (the built jar, NODES nodes, t = THRESHOLD,
# period 1 s, pedersen-bls-chained), whose nodes run with the daemon's JVM flags and environment
# (JdrandLauncher.NODE_JVM and NODE_ENV, the same as deploy/bin/jdrand start's), sampled every
# minute: each node's resident memory (VmRSS), JIT code cache in use (jcmd Compiler.codecache) and
# CPU time; at minute FIRST and at the last sample, each node's class histogram, heap and
# metaspace (jcmd GC.class_histogram forces a full collection: the live set).
#
# usage: bench/footprint/run.sh          MINUTES=65 NODES=3 THRESHOLD=2 FIRST=2 JAVA=java KEEP=1
# Needs beacon-node/target/jdrand.jar (./mvnw -B -o -q -pl beacon-node -am package -DskipTests).
# Prints a line a minute, then RSS at minutes 2, 10, 20, ... and the growth from minute 10 to the end.
set -euo pipefail
{ # the whole script is read before it runs: editing this file during a run cannot change that run
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MINUTES=${MINUTES:-65}
NODES=${NODES:-3}
THRESHOLD=${THRESHOLD:-2}
FIRST=${FIRST:-2}
JAVA=${JAVA:-java}
JAR="$ROOT/beacon-node/target/jdrand.jar"
[ -f "$JAR" ] || { echo "missing $JAR: ./mvnw -B -o -q -pl beacon-node -am package -DskipTests" >&2; exit 2; }
command -v jcmd > /dev/null || { echo "jcmd not found (a JDK, not a JRE, is needed)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/jdrand-footprint.XXXXXX)
DEMO=""
cleanup() {
  if [ -n "$DEMO" ]; then kill "$DEMO" 2>/dev/null || true; wait "$DEMO" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "work folder kept: $WORK"; fi
}
trap cleanup EXIT

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
# the demo runs past the last sample, so the last one sees a running node
"$JAVA" -jar "$JAR" demo --nodes "$NODES" --threshold "$THRESHOLD" --period 1s --duration "$((MINUTES + 3))m" \
  --dir "$WORK/demo" --fresh > "$WORK/demo.log" 2>&1 &
DEMO=$!
end=$((SECONDS + 300))
until [ "$(pgrep -P "$DEMO" | wc -l)" -ge "$NODES" ] && grep -q "nodes agree" "$WORK/demo.log"; do
  kill -0 "$DEMO" 2>/dev/null || { echo "the demo stopped:" >&2; tail -20 "$WORK/demo.log" >&2; exit 1; }
  [ $SECONDS -lt $end ] || { echo "no round after 300 s" >&2; tail -20 "$WORK/demo.log" >&2; exit 1; }
  sleep 1
done
PIDS=$(pgrep -P "$DEMO" | tr '\n' ' ')
echo "== nodes (pids) $PIDS; JVM flags: $(tr '\0' ' ' < /proc/${PIDS%% *}/cmdline | sed 's/ -jar .*//')"
[ -n "${JAVA_TOOL_OPTIONS:-}" ] && echo "== JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS"
snapshot() { # snapshot <minute>
  for p in $PIDS; do
    jcmd "$p" GC.class_histogram > "$WORK/hist-$p-min$1.txt" 2>&1 || true
    jcmd "$p" GC.heap_info > "$WORK/heap-$p-min$1.txt" 2>&1 || true
    jcmd "$p" VM.metaspace summary > "$WORK/meta-$p-min$1.txt" 2>&1 || true
  done
}
live_mb() { # the histogram's total bytes (after its full collection), MB
  awk '/^Total/ {printf "%.1f", $3 / 1048576}' "$1" 2>/dev/null
}
start=$SECONDS
for minute in $(seq 1 "$MINUTES"); do
  sleep $((start + minute * 60 - SECONDS))
  line="min=$minute $(date -u +%H:%M:%S) load=$(cut -d' ' -f1 /proc/loadavg)"
  for p in $PIDS; do
    rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$p/status" 2>/dev/null || echo gone)
    cc=$(jcmd "$p" Compiler.codecache 2>/dev/null | awk -F'[ ,=]+' '/^CodeHeap|^CodeCache/ {for (k = 1; k <= NF; k++) if ($k == "used") s += $(k + 1)} END {printf "%.1f", s / 1024}')
    cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$p/stat" 2>/dev/null || echo 0)
    line="$line | $p rss=${rss}MB code=${cc}MB cpu=${cpu}ms"
  done
  echo "$line" | tee -a "$WORK/samples.txt"
  if [ "$minute" = "$FIRST" ] || [ "$minute" = "$MINUTES" ]; then snapshot "$minute"; fi
done
echo "== RSS (MB) per node at minute 2, 10, 20, ...:"
awk -v last="$MINUTES" '{split($1, m, "="); if (m[2] == 2 || m[2] % 10 == 0 || m[2] == last) {
  printf "min %3d:", m[2]; for (i = 1; i <= NF; i++) if ($i ~ /^rss=/) {sub(/rss=/, "", $i); printf " %s", $i} print ""}}' "$WORK/samples.txt"
for p in $PIDS; do
  from=$(awk -v p="$p" '$1 == "min=10" {for (i = 1; i <= NF; i++) if ($i == p) {v = $(i + 1); sub(/rss=/, "", v); sub(/MB/, "", v); print v}}' "$WORK/samples.txt")
  to=$(awk -v p="$p" '{for (i = 1; i <= NF; i++) if ($i == p) {v = $(i + 1); sub(/rss=/, "", v); sub(/MB/, "", v)}} END {print v}' "$WORK/samples.txt")
  echo "node $p: RSS minute 10 -> $MINUTES: ${from:-?} -> ${to:-?} MB; live heap minute $FIRST -> $MINUTES:" \
    "$(live_mb "$WORK/hist-$p-min$FIRST.txt") -> $(live_mb "$WORK/hist-$p-min$MINUTES.txt") MB"
done
exit
}
