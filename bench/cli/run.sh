#!/usr/bin/env bash
# Cold start of short CLI verbs, each a fresh JVM (docs/PERFORMANCE.md, "CLI cold start"): hyperfine's
# wall time (median) and CPU time of the launcher ./jdrand (C1 only, Serial GC, the verb's AppCDS
# archive) against plain `java -jar` (no flags: the JVM's defaults) on the same jar.
#
#   bench/cli/run.sh                          # --version and the README's verify
#   bench/cli/run.sh http://127.0.0.1:8080 8888   # also `get public --url URL` and `dkg status --control PORT`
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 RUNS=10 bench/cli/run.sh ...
#
# Needs hyperfine (apt-get install hyperfine) and the built jar (./jdrand builds it). The archive
# cache is a fresh folder under target/, and each verb runs once before timing (that run writes
# its archive), so the timed runs are the steady state a user sees from the second run on.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/beacon-node/target/jdrand.jar"
runs="${RUNS:-10}"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -f "$jar" ] || "$root/jdrand" --version >/dev/null
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
out="$root/target/bench-cli"
rm -rf "$out" && mkdir -p "$out"
export XDG_CACHE_HOME="$out/cache" JDRAND_NO_REBUILD=1
unset JDRAND_JAVA_OPTS JDRAND_CDS

verbs=("--version"
  "verify --scheme bls-unchained-g1-rfc9380 --public-key 83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a --round 1 --signature b55e7cb2d5c613ee0b2e28d6750aabbb78c39dcc96bd9d38c2c2e12198df95571de8e8e402a0cc48871c7089a2b3af4b")
if [ $# -ge 2 ]; then
  verbs+=("get public --url $1" "dkg status --control $2")
fi
echo "== $("$java" -version 2>&1 | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), jar $(stat -c %s "$jar") bytes"
for v in "${verbs[@]}"; do
  # shellcheck disable=SC2086 # the verb's words
  "$root/jdrand" $v >/dev/null # first run: writes the verb's archive
  name="$(echo "$v" | cut -d' ' -f1-2)"
  hyperfine -N -w 1 -r "$runs" --export-json "$out/$(echo "$name" | tr -c 'a-z-' '_').json" \
    -n "java -jar: $name" "$java -jar $jar $v" -n "./jdrand: $name" "$root/jdrand $v" >/dev/null
done
python3 - "$out" <<'PY'
import json, pathlib, statistics, sys
print(f"{'command':<32} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'cpu ms (user+sys, mean)':>24}")
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    for r in json.loads(f.read_text())["results"]:
        t = r["times"]
        print(f"{r['command']:<32} {statistics.median(t) * 1000:>10.0f} {min(t) * 1000:>8.0f} {max(t) * 1000:>8.0f}"
              f" {(r['user'] + r['system']) * 1000:>24.0f}")
PY
