#!/usr/bin/env bash
# DKG ceremony timing with real jdrand processes on loopback (not a test).
#
#   bench/dkg/run.sh N [JAR]      e.g. bench/dkg/run.sh 16
#
# Starts N daemons (plaintext loopback, memdb), runs a fresh DKG through the CLI with
# threshold N/2+1, and reports for each node the time from kickoff to its group file written
# (the daemon logs "dkg complete ... kickoff_to_written_ms=" right after writing group and share)
# and where the time went (from each node's "dkg finished" timing line), plus the wall time from
# 'dkg execute' returning to the last group file on disk, minus the kickoff delay. Everything it
# starts is stopped at the end; the folder is removed (KEEP=/dir keeps a copy with the logs).
# DAEMON_OPTS adds JVM options to the daemons, e.g. DAEMON_OPTS=-Djdrand.dkg.log=DEBUG.
# WARMUP=K first runs K whole ceremonies for other beacon IDs (warm1..warmK: keys generated and
# loaded into the running daemons, proposal, join, execute, group files) in the same daemons, as
# an operator adding beacon IDs would; the measured ceremony ("default") then runs in warm JVMs.
set -euo pipefail
N=${1:-5}
JAR=${2:-$(cd "$(dirname "$0")/../.." && pwd)/beacon-node/target/jdrand.jar}
GRACE=2
T=$((N / 2 + 1))
W=$(mktemp -d /tmp/jdrand-dkg-bench.XXXXXX)
CLI=(java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR")
# the daemon flags of the jdrand script for this java (blst's map-to-curve through the foreign linker):
# the incubator module on JDK 17 only (JDK 19+ reject it); JDK 22+ need native access alone
JAVA_FEATURE=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "$JAVA_FEATURE" = 17 ]; then
  NODE_FLAGS=(--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED)
else
  NODE_FLAGS=(--enable-native-access=ALL-UNNAMED)
fi
PIDS=()
cleanup() { [ -n "${KEEP:-}" ] && cp -r "$W" "$KEEP"; for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; rm -rf "$W"; }
trap cleanup EXIT
say() { echo "[$(date +%T)] $*" >&2; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

for i in $(seq 1 "$N"); do
  P[$i]=$(port); C[$i]=$(port)
  "${CLI[@]}" generate-keypair --folder "$W/n$i" "127.0.0.1:${P[$i]}" >/dev/null &
done
wait
for i in $(seq 1 "$N"); do
  java -Xmx256m -XX:+UseSerialGC "${NODE_FLAGS[@]}" ${DAEMON_OPTS:-} -jar "$JAR" start --folder "$W/n$i" --private-listen "127.0.0.1:${P[$i]}" \
    --control "${C[$i]}" --insecure --db memdb --dkg-kickoff-grace ${GRACE}s --dkg-phase-timeout 10s >"$W/n$i.log" 2>&1 &
  PIDS+=($!)
done
for i in $(seq 1 "$N"); do
  until grep -q "jdrand running:" "$W/n$i.log"; do sleep 0.2; done
done
say "$N daemons running"

JOIN=()
for i in $(seq 1 "$N"); do JOIN+=(--joiner "127.0.0.1:${P[$i]}"); done
propose() { # beacon ID: proposal from node 1, every other node joins
  "${CLI[@]}" dkg generate-proposal --id "$1" --insecure "${JOIN[@]}" --out "$W/p-$1.toml" >/dev/null
  "${CLI[@]}" dkg init --id "$1" --control "${C[1]}" --proposal "$W/p-$1.toml" --threshold $T --period 3s \
    --genesis-delay 10m >/dev/null
  local jp=()
  for i in $(seq 2 "$N"); do "${CLI[@]}" dkg join --id "$1" --control "${C[$i]}" >/dev/null & jp+=($!); done
  wait "${jp[@]}"
}
await_groups() { # beacon ID: until every node wrote its group file
  for i in $(seq 1 "$N"); do
    until [ -f "$W/n$i/multibeacon/$1/groups/drand_group.toml" ]; do sleep 0.02; done
  done
}
for k in $(seq 1 "${WARMUP:-0}"); do
  KP=()
  for i in $(seq 1 "$N"); do
    "${CLI[@]}" generate-keypair --folder "$W/n$i" --id "warm$k" --control "${C[$i]}" "127.0.0.1:${P[$i]}" >/dev/null &
    KP+=($!)
  done
  wait "${KP[@]}" # not a bare wait: the daemons are children too
  propose "warm$k"
  "${CLI[@]}" dkg execute --id "warm$k" --control "${C[1]}" >/dev/null
  await_groups "warm$k"
  say "warm-up ceremony warm$k done"
done
propose default
say "proposal sent and joined"
cpu() { # CPU seconds of the daemons so far: "all jit" (JIT = the C1/C2 compiler threads), from /proc
  python3 - "${PIDS[@]}" <<'PY'
import glob, sys
hz = 100.0; total = jit = 0.0
for pid in sys.argv[1:]:
    for t in glob.glob(f"/proc/{pid}/task/*"):
        try:
            comm = open(t + "/comm").read().strip(); f = open(t + "/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        secs = (int(f[11]) + int(f[12])) / hz
        total += secs; jit += secs if comm.startswith(("C1 ", "C2 ")) else 0
print(f"{total:.1f} {jit:.1f}")
PY
}
CPU0=($(cpu))
"${CLI[@]}" dkg execute --control "${C[1]}" >/dev/null
START=$(date +%s%N)
say "execute returned"
await_groups default
END=$(date +%s%N)
CPU1=($(cpu))
for i in $(seq 1 "$N"); do
  until grep -q "dkg complete id=default " "$W/n$i.log"; do sleep 0.05; done
done
# the measured ceremony's lines: the last "dkg finished"/"dkg complete" of each node
last() { for f in "$W"/n*.log; do grep "$1 id=default " "$f" | tail -1; done; }
stat() { # name: min median max of key=value over the nodes' logs (measured ceremony)
  local v; v=$({ last "dkg finished"; last "dkg complete"; } | grep -o " $1=[0-9-]*" | cut -d= -f2 | sort -n)
  echo "$1: min $(echo "$v" | head -1) median $(echo "$v" | sed -n "$(( (N + 1) / 2 ))p") max $(echo "$v" | tail -1)"
}
echo "n=$N t=$T kickoff_delay=${GRACE}s warm-up ceremonies before this one: ${WARMUP:-0}"
echo "per node, kickoff -> group file written (ms): $(stat kickoff_to_written_ms | cut -d: -f2-)"
for k in deal_sent_ms last_deal_ms last_response_ms busy_ms max_queue_ms bundles_in packets_in dropped_unread; do
  echo "  $(stat $k)"
done
echo "  phase timeouts: $(last "dkg finished" | grep -o " timeouts=[A-Z,a-z]*" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "  daemons' CPU between snapshots before 'execute' and after the last group file: $(python3 -c "print(f'{${CPU1[0]}-${CPU0[0]}:.1f} s, of which JIT compiler threads {${CPU1[1]}-${CPU0[1]}:.1f} s')") (cores: $(nproc))"
echo "execute returned -> last group file written, minus kickoff delay (ms): $(( (END - START) / 1000000 - GRACE * 1000 ))"
