#!/usr/bin/env bash
# Round latency of separate node processes, seen over HTTP: 5 `jdrand start` processes of the built
# jar (t = 3, period 1 s, pedersen-bls-chained, plaintext gRPC), set up with the operator's commands
# (generate-keypair, start, dkg generate-proposal / init / join / execute, as `jdrand demo` does),
# then org.jdrand.bench.HeldRoundWatch, a separate JVM, holds a request for the next round on every
# node and prints p50/p90/p99/max from each round's scheduled time to the response.
#
# usage: bench/latency/run.sh                       loopback (127.0.0.1)
#        NETNS=1 bench/latency/run.sh               every node in its own network namespace, peers
#                                                  through bench's DelayRelay (DELAY_MS one way), the
#                                                  watcher in a sixth namespace, its requests routed
#                                                  by the hub namespace's kernel (root, ip netns)
# env:   ROUNDS=300 SKIP=20 (rounds left out after genesis: JIT warm-up) PERIOD=1 NODES=5 THRESHOLD=3
#        SCHEME=pedersen-bls-chained DELAY_MS=25 JITTER_MS=1 KEEP=1 (keep the work folder)
#        NODE_JAVA_OPTS="..." (JVM flags added after deploy/bin/jdrand start's, which starts every node,
#        so they win) JAVA=java (the JDK the launcher runs, through JAVA_HOME)
#        CACHE=<folder> (the launcher's cache, as a user's ~/.cache: on JDK 25+ the first run's nodes
#        train the daemon's ahead-of-time cache, a second run with the same folder starts its nodes
#        with it; unset: no cache, every node a first start)
# Needs beacon-node/target/jdrand.jar and bench/target/benchmarks.jar:
#        ./mvnw -B -o -q -pl beacon-node,bench -am package -DskipTests
# Prints timings only; exits non-zero when the network did not come up or rounds were not seen
# (CI runs it with ROUNDS=5 as a smoke test: no timing is asserted).
set -euo pipefail
{ # the whole script is read before it runs: editing this file during a run cannot change that run
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${ROUNDS:-300}
SKIP=${SKIP:-20}
PERIOD=${PERIOD:-1}
NODES=${NODES:-5}
THRESHOLD=${THRESHOLD:-3}
SCHEME=${SCHEME:-pedersen-bls-chained}
NETNS=${NETNS:-0}
DELAY_MS=${DELAY_MS:-25}
JITTER_MS=${JITTER_MS:-1}
JAVA=${JAVA:-java}
JAR="$ROOT/beacon-node/target/jdrand.jar"
BENCH="$ROOT/bench/target/benchmarks.jar"
for f in "$JAR" "$BENCH"; do
  [ -f "$f" ] || { echo "missing $f: ./mvnw -B -o -q -pl beacon-node,bench -am package -DskipTests" >&2; exit 2; }
done
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-}
# nodes and commands run through the operator's launcher, with its flags per verb (the daemon's for
# start, as `jdrand demo`'s nodes: NodeJvmFlagsTest), on the JDK of $JAVA, without a CDS archive or
# AOT cache in the user's cache unless CACHE names one
JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
export JAVA_HOME JDRAND_JAR="$JAR"
if [ -n "${CACHE:-}" ]; then mkdir -p "$CACHE"; export XDG_CACHE_HOME; XDG_CACHE_HOME=$(cd "$CACHE" && pwd); unset JDRAND_CDS
else export JDRAND_CDS=0; fi
unset JDRAND_JAVA_OPTS
LAUNCHER="$ROOT/deploy/bin/jdrand"
WORK=$(mktemp -d /tmp/jdrand-latency.XXXXXX)
PIDS=()
declare -A LABEL
NS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for n in "${NS[@]}"; do ip netns del "$n" 2>/dev/null || true; done
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "work folder kept: $WORK"; fi
}
trap cleanup EXIT

declare -A PICKED
free_port() { # free_port <var>: a random port nothing listens on and not picked before (a small race
  # with other programs is acceptable here), below Linux's ephemeral range (32768-60999), where an
  # outgoing connection's local port could take it; sets <var> (not $(...): PICKED must see it)
  local p; while :; do
    p=$((20000 + RANDOM % 12000))
    [ -z "${PICKED[$p]:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break
  done
  PICKED[$p]=1; printf -v "$1" '%s' "$p"
}
# in_ns <i> cmd...: runs cmd in node i's namespace (i = 0: the watcher's, i = hub: the relay's)
in_ns() { local i=$1; shift; if [ "$NETNS" = 1 ]; then ip netns exec "jdl$$-$i" "$@"; else "$@"; fi; }
cli() { local i=$1; shift; in_ns "$i" "$LAUNCHER" "$@"; }
wait_port() { # wait_port <ns> <host> <port> <seconds> [<pid> <log>]: with a pid, stops early when that
  # process ends and shows the end of its log either way
  local end=$((SECONDS + $4)) pid=${5:-} log=${6:-}
  until in_ns "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; do
    if [ $SECONDS -ge $end ] || { [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; }; then
      if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "nothing listens on $2:$3: process $pid ended" >&2
      else echo "nothing listens on $2:$3 after $4 s${pid:+ (process $pid still running)}" >&2; fi
      [ -z "$log" ] || { echo "the end of $log:" >&2; tail -n 30 "$log" >&2; }
      return 1
    fi
    sleep 0.5
  done
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "== nodes $NODES, threshold $THRESHOLD, period ${PERIOD}s, $SCHEME, node JVM: deploy/bin/jdrand start's${NODE_JAVA_OPTS:+ + $NODE_JAVA_OPTS}; work folder $WORK"
if [ -n "${CACHE:-}" ]; then
  echo "== launcher cache $XDG_CACHE_HOME: $(find "$XDG_CACHE_HOME" \( -name '*.aot' -o -name '*.trained' \) -size +0 | grep -q . \
    && echo "the nodes start with its AOT cache (or build it from an earlier run's training)" || echo "no AOT cache nor training yet (JDK 25+: this run's nodes train one)")"
fi
NODE_PID=(); PRIV_PORT=(); CTRL_PORT=(); HTTP_PORT=(); ADVERTISED=(); LISTEN_HOST=(); HTTP_URL=()
for i in $(seq 1 "$NODES"); do
  free_port "CTRL_PORT[$i]"
  if [ "$NETNS" = 1 ]; then
    # node i owns 10.77.i.2 in its namespace; the hub owns 10.77.i.1 (the address peers dial, relayed)
    PRIV_PORT[$i]=7000; HTTP_PORT[$i]=8000
    LISTEN_HOST[$i]=10.77.$i.2; ADVERTISED[$i]=10.77.$i.1:7000
  else
    free_port "PRIV_PORT[$i]"; free_port "HTTP_PORT[$i]"
    LISTEN_HOST[$i]=127.0.0.1; ADVERTISED[$i]=127.0.0.1:${PRIV_PORT[$i]}
  fi
done

if [ "$NETNS" = 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "NETNS=1 needs root (ip netns)" >&2; exit 2; }
  hub=jdl$$-hub; ip netns add "$hub"; NS+=("$hub"); ip -n "$hub" link set lo up
  RELAYS=()
  for i in $(seq 0 "$NODES"); do
    n=jdl$$-$i; ip netns add "$n"; NS+=("$n"); ip -n "$n" link set lo up
    ip link add "jdl$$h$i" netns "$hub" type veth peer name eth0 netns "$n"
    ip -n "$hub" addr add "10.77.$i.1/24" dev "jdl$$h$i"; ip -n "$hub" link set "jdl$$h$i" up
    ip -n "$n" addr add "10.77.$i.2/24" dev eth0; ip -n "$n" link set eth0 up
    ip -n "$n" route add default via "10.77.$i.1"
    if [ "$i" -gt 0 ]; then
      RELAYS+=("10.77.$i.1:7000=10.77.$i.2:7000")          # peers -> node i (delayed)
      HTTP_URL[$i]="http://10.77.$i.2:8000"                   # the watcher -> node i's HTTP: routed by the hub's kernel, not delayed
    fi
  done
  if ip netns exec "jdl$$-1" tc qdisc add dev eth0 root netem delay 1ms 2>/dev/null; then
    ip netns exec "jdl$$-1" tc qdisc del dev eth0 root
    echo "== note: tc netem works on this kernel (this script still delays in userspace, DelayRelay)"
  else
    echo "== tc netem is not available here (tc qdisc add ... netem refused): delaying in userspace (DelayRelay)"
  fi
  echo "== namespaces: hub $hub, nodes jdl$$-1..$NODES, watcher jdl$$-0; relay ${DELAY_MS} ms +- ${JITTER_MS} ms one way between nodes"
  ip netns exec "$hub" "$JAVA" -Xmx128m -XX:+UseSerialGC -cp "$BENCH" org.jdrand.bench.DelayRelay "$DELAY_MS" "$JITTER_MS" "${RELAYS[@]}" \
    > "$WORK/relay.log" 2>&1 &
  PIDS+=($!); LABEL[$!]="delay relay"
  # the watcher's requests are routed by the hub's kernel (no userspace hop, as on a real network)
  ip netns exec "$hub" sysctl -qw net.ipv4.ip_forward=1
  for i in $(seq 1 "$NODES"); do wait_port hub "10.77.$i.1" 7000 60; done
else
  for i in $(seq 1 "$NODES"); do HTTP_URL[$i]="http://127.0.0.1:${HTTP_PORT[$i]}"; done
fi

echo "== key pairs, daemons"
KEYGENS=()
for i in $(seq 1 "$NODES"); do
  cli "$i" generate-keypair --folder "$WORK/node-$i" --scheme "$SCHEME" "${ADVERTISED[$i]}" > "$WORK/keygen-$i.log" 2>&1 &
  KEYGENS+=($!)
done
for p in "${KEYGENS[@]}"; do wait "$p" || { echo "generate-keypair failed" >&2; cat "$WORK"/keygen-*.log; exit 1; }; done
for i in $(seq 1 "$NODES"); do
  # started as a plain background command (not through a shell function), so that $! is the JVM's
  # own pid (ip netns exec, env and the launcher exec it) and the cleanup stops the node, not a
  # subshell around it; every collection of the node's heap logged (pauses: the summary at the end)
  NSX=(); [ "$NETNS" = 1 ] && NSX=(ip netns exec "jdl$$-$i")
  "${NSX[@]}" env JDRAND_JAVA_OPTS="$NODE_JAVA_OPTS -Xlog:gc:file=$WORK/gc-$i.log" "$LAUNCHER" start --folder "$WORK/node-$i" \
    --private-listen "${LISTEN_HOST[$i]}:${PRIV_PORT[$i]}" --control "${CTRL_PORT[$i]}" \
    --public-listen "${LISTEN_HOST[$i]}:${HTTP_PORT[$i]}" --insecure --dkg-kickoff-grace 2s > "$WORK/node-$i.log" 2>&1 &
  PIDS+=($!); LABEL[$!]="node $i"; NODE_PID[$i]=$!
done
for i in $(seq 1 "$NODES"); do # each node's control port listens, else its log says why
  wait_port "$i" 127.0.0.1 "${CTRL_PORT[$i]}" 120 "${NODE_PID[$i]}" "$WORK/node-$i.log"
done

echo "== DKG (node 1 leads)"
JOINERS=(); for i in $(seq 1 "$NODES"); do JOINERS+=(--joiner "${ADVERTISED[$i]}"); done
# set-up, not measured: on a loaded machine a node may answer its identity late, so ask up to 3 times
for attempt in 1 2 3; do
  cli 1 dkg generate-proposal --insecure "${JOINERS[@]}" --out "$WORK/proposal.toml" >> "$WORK/dkg.log" 2>&1 && break
  [ "$attempt" = 3 ] && { cat "$WORK/dkg.log"; exit 1; }
done
cli 1 dkg init --control "${CTRL_PORT[1]}" --proposal "$WORK/proposal.toml" --threshold "$THRESHOLD" \
  --period "${PERIOD}s" --scheme "$SCHEME" --genesis-delay 20s >> "$WORK/dkg.log" 2>&1
JOINS=()
for i in $(seq 2 "$NODES"); do cli "$i" dkg join --control "${CTRL_PORT[$i]}" >> "$WORK/dkg.log" 2>&1 & JOINS+=($!); done
for p in "${JOINS[@]}"; do wait "$p" || { echo "dkg join failed" >&2; cat "$WORK/dkg.log"; exit 1; }; done
cli 1 dkg execute --control "${CTRL_PORT[1]}" --wait --wait-timeout 3m >> "$WORK/dkg.log" 2>&1 \
  || { cat "$WORK/dkg.log"; tail -20 "$WORK/node-1.log"; exit 1; }
# the HTTP listener opens once the beacon runs (genesis after the DKG)
for i in $(seq 1 "$NODES"); do
  hp=${HTTP_URL[$i]#http://}; wait_port 0 "${hp%:*}" "${hp##*:}" 60 "${NODE_PID[$i]}" "$WORK/node-$i.log"
done
hp=${HTTP_URL[1]#http://}; end=$((SECONDS + 120))
until in_ns 0 bash -c "exec 3<>/dev/tcp/${hp%:*}/${hp##*:}; printf 'GET /public/latest HTTP/1.0\r\n\r\n' >&3; head -1 <&3 | grep -q ' 200 '"; do
  [ $SECONDS -lt $end ] || { echo "no beacon served by ${HTTP_URL[1]} after 120 s" >&2; tail -20 "$WORK/node-1.log"; exit 1; }
  sleep 1
done

echo "== watching $ROUNDS rounds after $SKIP (load average $(cut -d' ' -f1-3 /proc/loadavg))"
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat" 2>/dev/null || echo 0; } # user + system, 10 ms ticks
declare -A CPU0; for p in "${PIDS[@]}"; do CPU0[$p]=$(cpu_ms "$p"); done; watch_start=$SECONDS
set +e
in_ns 0 "$JAVA" -Xmx64m -cp "$BENCH" org.jdrand.bench.HeldRoundWatch "$ROUNDS" "$SKIP" "${HTTP_URL[@]}" | tee "$WORK/watch.log"
rc=${PIPESTATUS[0]}
set -e
# CPU per round of each process while it was watched (period PERIOD s), so contention can be read off
elapsed=$((SECONDS - watch_start))
if [ "$elapsed" -gt 0 ]; then
  echo "== CPU while watching ($elapsed s, ms per ${PERIOD} s round):"
  for p in "${PIDS[@]}"; do
    awk -v l="${LABEL[$p]}" -v d="$(( $(cpu_ms "$p") - ${CPU0[$p]} ))" -v t="$elapsed" -v per="$PERIOD" \
      'BEGIN {printf "  %-12s %6.1f\n", l, d / t * per}'
  done
fi
echo "== node 1's last timelines (ms after the round's time):"
grep -o 'round=[0-9]* lateness_ms=.*' "$WORK/node-1.log" | tail -3
watched=$(sed -n 's/^watching rounds \([0-9]*\)\.\.\([0-9]*\) .*/\1 \2/p' "$WORK/watch.log")
if [ -n "$watched" ] && command -v python3 > /dev/null; then
  echo "== per-stage timelines of the watched rounds, all nodes (bench/latency/timelines.py):"
  python3 "$ROOT/bench/latency/timelines.py" --from "${watched% *}" --to "${watched#* }" --threshold "$THRESHOLD" "$WORK"/node-*.log
fi
if command -v python3 > /dev/null; then
  echo "== the nodes' GC pauses over the whole run (-Xlog:gc):"
  python3 - "$WORK"/gc-*.log <<'PY'
import re, sys
ms = [float(x) for f in sys.argv[1:] for x in re.findall(r"Pause.* (\d+\.\d+)ms", open(f).read())]
ms.sort()
print(f"{len(ms)} pauses in {len(sys.argv) - 1} nodes" + (f", p50 {ms[len(ms) // 2]:.1f} ms, max {ms[-1]:.1f} ms, "
      f"total {sum(ms):.0f} ms" if ms else ""))
PY
fi
exit $rc
}
