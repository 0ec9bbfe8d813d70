#!/usr/bin/env bash
# HTTP benchmark: wrk against jdrand's http-api and against nginx serving the same JSON bytes as
# static files, same paths, same wrk settings, in one run. Prints requests/s, p50, p99, ratio.
#
# usage: bench/http/run.sh            (env: DURATION=10s CONNECTIONS=64 THREADS=2 IO_THREADS=1 (the node's default)
#                                            NGINX_WORKERS=auto SCHEME=bls-unchained-g1-rfc9380 ROUND=50
#                                            PIN=1: servers on CPU 1, wrk on CPU 0, via taskset
#                                            JAVA_OPTS=...: extra JVM flags for the jdrand server
#                                            OBSERVER=prometheus (default: the node's http_* metrics) or none)
# Targets (issue 6): jdrand >= 0.7x nginx requests/s, jdrand p99 <= 5 ms at 64 connections.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
IO_THREADS=${IO_THREADS:-1}
NGINX_WORKERS=${NGINX_WORKERS:-auto}
SCHEME=${SCHEME:-bls-unchained-g1-rfc9380}
ROUND=${ROUND:-50}
NGINX_PORT=${NGINX_PORT:-18080}
PIN=${PIN:-0}
OBSERVER=${OBSERVER:-prometheus}
SERVER_CPU=(); CLIENT_CPU=()
if [ "$PIN" = 1 ]; then SERVER_CPU=(taskset -c 1); CLIENT_CPU=(taskset -c 0); fi

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y wrk nginx >/dev/null || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk nginx >/dev/null; }
fi
PATH=$PATH:/usr/sbin

WORK=$(mktemp -d)
chmod 755 "$WORK" # nginx workers run as nobody when started as root
JAVA_PID=""; NGX_PID=""
cleanup() {
  [ -n "$JAVA_PID" ] && kill "$JAVA_PID" 2>/dev/null && wait "$JAVA_PID" 2>/dev/null || true
  [ -n "$NGX_PID" ] && kill -QUIT "$NGX_PID" 2>/dev/null && wait "$NGX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building http-api and beacon-node classes (the node's metrics observer is on, as in a daemon)"
cd "$ROOT"
./mvnw -B -q -pl beacon-node -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="$ROOT/http-api/target/test-classes:$ROOT/crypto/target/test-classes:$ROOT/beacon-node/target/classes:$(cat "$WORK/cp.txt")"

echo "== starting jdrand http-api (io threads $IO_THREADS, scheme $SCHEME)"
"${SERVER_CPU[@]}" java -Xms256m -Xmx256m -Djdrand.bench.observer="$OBSERVER" ${JAVA_OPTS:-} -cp "$CP" org.jdrand.http.HttpBenchServer "$WORK/port" "$IO_THREADS" "$SCHEME" 100 \
  >"$WORK/java.log" 2>&1 &
JAVA_PID=$!
for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/java.log"; echo "jdrand did not start"; exit 1; }
JPORT=$(cat "$WORK/port")

echo "== nginx ($NGINX_WORKERS workers) serving the same bytes"
mkdir -p "$WORK/www/public" "$WORK/logs" "$WORK/tmp"
curl -fsS "http://127.0.0.1:$JPORT/public/latest" -o "$WORK/www/public/latest"
curl -fsS "http://127.0.0.1:$JPORT/public/$ROUND" -o "$WORK/www/public/$ROUND"
chmod -R a+rX "$WORK/www"
cat >"$WORK/nginx.conf" <<NGX
daemon off; master_process on; worker_processes $NGINX_WORKERS;
pid logs/nginx.pid; error_log logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path tmp/client_body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  default_type application/json;
  server { listen 127.0.0.1:$NGINX_PORT; root www; location / { try_files \$uri =404; } }
}
NGX
nginx -t -q -p "$WORK/" -c nginx.conf -e logs/error.log
"${SERVER_CPU[@]}" nginx -p "$WORK/" -c nginx.conf -e logs/error.log &
NGX_PID=$!
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$NGINX_PORT/public/latest" -o /dev/null 2>/dev/null && break; sleep 0.1; done
for p in latest "$ROUND"; do
  cmp -s <(curl -fsS "http://127.0.0.1:$JPORT/public/$p") <(curl -fsS "http://127.0.0.1:$NGINX_PORT/public/$p") \
    || { echo "bodies differ for /public/$p"; exit 1; }
done

# wrk output -> "rps p50_ms p99_ms"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { errs = $0 }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}

echo "== warm-up (5 s each, not reported)"
for port in "$JPORT" "$NGINX_PORT"; do
  for p in latest "$ROUND"; do "${CLIENT_CPU[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "http://127.0.0.1:$port/public/$p" >/dev/null; done
done

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (pinned: $PIN)"
printf "%-22s %-8s %12s %9s %9s %7s\n" path server "requests/s" "p50 ms" "p99 ms" non2xx
declare -A RPS P99
for p in latest "$ROUND"; do
  for s in jdrand nginx; do
    port=$JPORT; [ $s = nginx ] && port=$NGINX_PORT
    read -r rps p50 p99 bad < <("${CLIENT_CPU[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
      "http://127.0.0.1:$port/public/$p" | summarise)
    RPS[$s$p]=$rps; P99[$s$p]=$p99
    printf "%-22s %-8s %12s %9s %9s %7s\n" "/public/$p" $s "$rps" "$p50" "$p99" "$bad"
  done
done
echo "== jdrand / nginx requests/s (target >= 0.70), jdrand p99 (target <= 5 ms)"
for p in latest "$ROUND"; do
  awk -v a="${RPS[jdrand$p]}" -v b="${RPS[nginx$p]}" -v q="${P99[jdrand$p]}" -v p="/public/$p" \
    'BEGIN { r = a / b; printf "%-22s ratio %.2f %s   p99 %.2f ms %s\n", p, r, (r >= 0.7 ? "ok" : "BELOW"), q, (q <= 5 ? "ok" : "ABOVE") }'
done
