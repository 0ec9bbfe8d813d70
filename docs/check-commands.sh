#!/usr/bin/env bash
# Runs every `sh` block of README.md and docs/OPERATING.md, verbatim, on a local group of
# loopback nodes (see "How this guide is checked" in docs/OPERATING.md).
#
#   docs/check-commands.sh            # uses beacon-node/target/jdrand.jar (builds it if missing)
#   CHECK_BUILD=1 docs/check-commands.sh   # also runs README's './mvnw -B verify' (long)
#   KEEP=1 docs/check-commands.sh     # keep the work folder (logs of every block) afterwards
#
# Blocks are found by the HTML comment before them: `<!-- check: ID ... -->` (run by the
# scenario below) or `<!-- check: skip: reason -->` (listed as not run). README's first block
# (the two commands every reader starts with) has no comment. A block with no comment fails the
# check, so a new command in the docs cannot go unchecked silently.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/beacon-node/target/jdrand.jar"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/jdrand-check.XXXXXX")"
chmod 755 "$WORK"
BLOCKS="$WORK/blocks"
mkdir -p "$BLOCKS" "$WORK/logs" "$WORK/bin"
declare -a BG_PIDS=()
declare -A RESULT=()

cleanup() {
  for pid in "${BG_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${BG_PIDS[@]:-}"; do
    [ -n "$pid" ] && for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null || true
  done
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "work folder kept: $WORK"; fi
}
trap cleanup EXIT

# ---- extract the blocks ---------------------------------------------------------------------
python3 - "$ROOT" "$BLOCKS" <<'PY'
import pathlib, re, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
index = []
for doc in ["README.md", "docs/OPERATING.md"]:
    lines = (root / doc).read_text().split("\n")
    i, first = 0, True
    while i < len(lines):
        if lines[i].strip() == "```sh":
            j = i + 1
            while lines[j].strip() != "```":
                j += 1
            body = "\n".join(lines[i + 1:j]) + "\n"
            prev = lines[i - 1].strip() if i > 0 else ""
            m = re.match(r"<!-- check: (.*?) -->$", prev)
            if doc == "README.md" and first and i == 0:
                bid = "readme-start"
            elif m and m.group(1).startswith("skip:"):
                bid = None
                index.append(f"SKIP\t{doc}:{i + 1}\t{m.group(1)[5:].strip()}\t{body.splitlines()[0]}")
            elif m:
                bid = m.group(1).split()[0]
            else:
                sys.exit(f"{doc}:{i + 1}: sh block without a '<!-- check: ... -->' comment")
            if bid:
                (out / f"{bid}.sh").write_text(body)
                index.append(f"RUN\t{doc}:{i + 1}\t{bid}\t{body.splitlines()[0]}")
            first = False
            i = j
        i += 1
(out / "index.tsv").write_text("\n".join(index) + "\n")
PY

# ---- the jar, a `jdrand` on PATH, TLS material ----------------------------------------------
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl beacon-node -am)
fi
cat > "$WORK/bin/jdrand" <<EOF
#!/bin/sh
exec java -XX:+UseSerialGC -Xmx256m \$JDRAND_JAVA_OPTS -jar "$JAR" "\$@"
EOF
chmod 755 "$WORK/bin/jdrand"
export PATH="$WORK/bin:$PATH"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
  -subj "/CN=jdrand check CA" -days 2 2>/dev/null
keytool -importcert -noprompt -alias ca -file "$WORK/ca.pem" -keystore "$WORK/trust.p12" -storetype PKCS12 \
  -storepass changeit >/dev/null 2>&1
# every JVM (nodes and CLI) trusts the throw-away CA, as production JVMs trust public CAs
export JDRAND_JAVA_OPTS="-Djavax.net.ssl.trustStore=$WORK/trust.p12 -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
N=4
declare -a P C H M
for i in $(seq 1 $N); do
  P[$i]=$(free_port); C[$i]=$(free_port); H[$i]=$(free_port); M[$i]=$(free_port)
  mkdir -p "$WORK/node-$i/tls" "$WORK/work-$i"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/node-$i/tls/key.pem" 2>/dev/null
  openssl req -new -key "$WORK/node-$i/tls/key.pem" -subj "/CN=127.0.0.1" -out "$WORK/node-$i/tls/req.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' > "$WORK/node-$i/tls/ext.cnf"
  openssl x509 -req -in "$WORK/node-$i/tls/req.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -days 2 -extfile "$WORK/node-$i/tls/ext.cnf" -out "$WORK/node-$i/tls/cert.pem" 2>/dev/null
done

# The variables of docs/OPERATING.md for node $1.
node_env() {
  local i=$1
  export FOLDER="$WORK/node-$i" ADDR="127.0.0.1:${P[$i]}" LISTEN="127.0.0.1:${P[$i]}" CONTROL="${C[$i]}"
  export PUBLIC="127.0.0.1:${H[$i]}" METRICS="127.0.0.1:${M[$i]}"
  export PEER1="127.0.0.1:${P[2]}" PEER2="127.0.0.1:${P[3]}" NEWNODE="127.0.0.1:${P[4]}"
}

record() { # id node status
  RESULT[$1]="${RESULT[$1]:-}$3(node $2) "
}

# run_block ID NODE: the block, verbatim, in bash -e with the node's variables, in its own folder.
run_block() {
  local id=$1 node=$2 log="$WORK/logs/$1-node$2.log"
  echo "---- $id on node $node"
  if (node_env "$node"; cd "$WORK/work-$node"; timeout 300 bash -e -o pipefail "$BLOCKS/$id.sh") >"$log" 2>&1; then
    record "$id" "$node" ok; sed 's/^/     /' "$log" | head -n 12
  else
    record "$id" "$node" FAILED; sed 's/^/     /' "$log" | tail -n 30; echo "     ^^ FAILED: $id on node $node"
  fi
}

# start_block NODE: the start block in the background, in its own process group.
start_block() {
  local node=$1 log="$WORK/logs/start-node$1.log"
  echo "---- start on node $node (background)"
  (node_env "$node"; cd "$WORK/work-$node"; exec setsid bash -e "$BLOCKS/start.sh") >"$log" 2>&1 &
  BG_PIDS+=("$!")
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${C[$node]}") 2>/dev/null; then record start "$node" ok; return; fi
    sleep 0.3
  done
  record start "$node" FAILED; tail -n 30 "$log"
}

listening() { (exec 3<>"/dev/tcp/$1") 2>/dev/null; }

wait_log() { # file pattern seconds
  for _ in $(seq 1 $(( $3 * 2 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done; return 1
}

# ---- README ---------------------------------------------------------------------------------
echo "== README.md"
# './jdrand demo' runs until Ctrl-C: run it as written until it prints a verified round, then
# stop it with SIGTERM (the same shutdown hook as Ctrl-C) and check that it stopped its nodes.
first_line() { sed -n "$1p" "$BLOCKS/readme-start.sh"; }
[ "$(first_line 1)" = "./jdrand demo" ] && [ "$(first_line 2)" = "./mvnw -B verify" ] \
  || { echo "README does not start with ./jdrand demo and ./mvnw -B verify"; exit 1; }
(cd "$ROOT" && JDRAND_DEMO_DIR="$WORK/demo" JDRAND_NO_REBUILD=1 exec setsid bash -c "$(first_line 1)") \
  >"$WORK/logs/readme-demo.log" 2>&1 &
DEMO=$!
if wait_log "$WORK/logs/readme-demo.log" "nodes agree  verified" 240; then
  kill -TERM -- "$DEMO" 2>/dev/null || true
  wait "$DEMO" 2>/dev/null || true
  sleep 1
  if pgrep -g "$DEMO" >/dev/null 2>&1; then record readme-start demo "FAILED(processes left)"; else record readme-start demo ok; fi
  grep -E "^(Starting|round )" "$WORK/logs/readme-demo.log" | head -n 3 | sed 's/^/     /'
else
  record readme-start demo FAILED; tail -n 30 "$WORK/logs/readme-demo.log"
  kill -KILL -- "-$DEMO" 2>/dev/null || true
fi
if [ -n "${CHECK_BUILD:-}" ]; then
  if (cd "$ROOT" && $(first_line 2)) >"$WORK/logs/readme-mvnw.log" 2>&1; then record readme-mvnw - ok; else record readme-mvnw - FAILED; fi
else
  RESULT[readme-mvnw]="not run here (CHECK_BUILD=1 runs it; it is the CI command) "
fi
for id in readme-demo-help readme-verify; do
  echo "---- $id"
  if (cd "$ROOT" && JDRAND_NO_REBUILD=1 timeout 120 bash -e -o pipefail "$BLOCKS/$id.sh") >"$WORK/logs/$id.log" 2>&1; then
    record "$id" - ok; head -n 3 "$WORK/logs/$id.log" | sed 's/^/     /'
  else
    record "$id" - FAILED; tail -n 20 "$WORK/logs/$id.log"
  fi
done

# ---- docs/OPERATING.md: a first ceremony, an aborted and a real reshare, stop, nuke -----------
echo "== docs/OPERATING.md"
for i in 1 2 3 4; do run_block keygen "$i"; done
run_block backup-keys 1
for i in 1 2 3 4; do start_block "$i"; done
run_block leader-propose 1
for i in 2 3; do run_block joiner-join "$i"; done
run_block leader-execute 1
run_block status-watch 2
echo "---- waiting for the chain's first rounds"
wait_log "$WORK/logs/start-node1.log" "beacon stored" 120 || echo "     (no 'beacon stored' line in node 1's log yet)"
wait_log "$WORK/logs/start-node1.log" "round=3 " 60 || true
if listening "127.0.0.1/${H[1]}"; then run_block http-verify 1; else
  RESULT[http-verify]="not run: this build's 'jdrand start' does not serve --public-listen yet "; fi
if listening "127.0.0.1/${M[1]}"; then run_block metrics 1; else
  RESULT[metrics]="not run: the node's --metrics listener did not answer "; fi
run_block node-status 1
run_block sync-check 1
run_block backup-db 1
run_block beacon-reload 2
# a stuck ceremony: the leader proposes a reshare, then aborts it everywhere
run_block reshare-propose 1
run_block leader-abort 1
# the real reshare: node 4 joins with the group file the leader sent it
run_block reshare-propose 1
for i in 2 3; do run_block remainer-accept "$i"; done
run_block leader-show-group 1
cp "$WORK/work-1/drand_group.toml" "$WORK/work-4/drand_group.toml"   # the leader sends it
run_block reshare-join 4
run_block reshare-execute 1
echo "---- waiting for node 4 to sign after the transition"
if wait_log "$WORK/logs/start-node4.log" "beacon stored" 90; then record reshare-transition 4 ok; else
  record reshare-transition 4 "FAILED(no beacon stored by node 4)"; fi
for i in 1 2 3 4; do run_block upgrade-stop "$i"; done
for pid in "${BG_PIDS[@]}"; do
  for _ in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
done
run_block nuke 4

# ---- report ---------------------------------------------------------------------------------
echo
echo "== commands of README.md and docs/OPERATING.md"
fail=0
while IFS=$'\t' read -r kind where what first; do
  [ -z "$kind" ] && continue
  if [ "$kind" = SKIP ]; then
    printf '%-22s %-9s %s\n' "$where" "skipped" "$what: $first"
  else
    r="${RESULT[$what]:-not run by the scenario}"
    printf '%-22s %-9s %s\n' "$where" "$what" "$r"
    case "$r" in *FAILED*|"not run by the scenario") fail=1 ;; esac
  fi
done < "$BLOCKS/index.tsv"
printf '%-22s %-9s %s\n' "README.md:2" "mvnw" "${RESULT[readme-mvnw]}"
[ -n "${RESULT[reshare-transition]:-}" ] && printf '%-22s %-9s %s\n' "(reshare)" "transition" "${RESULT[reshare-transition]}"
case "${RESULT[reshare-transition]:-}" in *FAILED*) fail=1 ;; esac
exit $fail
