#!/usr/bin/env bash
# Runs the first DKG ceremony of the compose group (deploy/container/compose.yaml) with the
# operator commands of docs/OPERATING.md: each node generates its key pair for <service>:4444,
# the daemons start, node1 proposes and leads, the others join, node1 executes.
#   N=3 T=2 PERIOD=3s deploy/container/ceremony.sh
# Uses `docker compose` or `podman compose` (COMPOSE="..." to choose). Safe to re-run:
# generate-keypair refuses to overwrite an existing key pair.
# Not exercised on the development machine (no container engine runs there): see deploy/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${N:-3}"; T="${T:-2}"; PERIOD="${PERIOD:-3s}"; SCHEME="${SCHEME:-pedersen-bls-chained}"
if [ -z "${COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then COMPOSE="docker compose"
  elif podman compose version >/dev/null 2>&1; then COMPOSE="podman compose"
  else echo "ceremony: neither 'docker compose' nor 'podman compose' works here" >&2; exit 2; fi
fi
c() { $COMPOSE -f "$here/compose.yaml" "$@"; }

c build
for i in $(seq 1 "$N"); do
  echo "== node$i: key pair"
  c run --rm --no-deps "node$i" generate-keypair --folder /data --scheme "$SCHEME" "node$i:4444" \
    || echo "   (node$i keeps its existing key pair)"
done
c up -d
for i in $(seq 1 "$N"); do
  printf '== node%s: waiting for the daemon' "$i"
  until c exec -T "node$i" jdrand dkg status --control 8888 >/dev/null 2>&1; do printf .; sleep 2; done
  echo
done

joiners=()
for i in $(seq 1 "$N"); do joiners+=(--joiner "node$i:4444"); done
echo "== node1 (leader): proposal"
c exec -T node1 jdrand dkg generate-proposal --insecure "${joiners[@]}" --out /data/proposal.toml
c exec -T node1 jdrand dkg init --control 8888 --proposal /data/proposal.toml --threshold "$T" \
  --period "$PERIOD" --scheme "$SCHEME" --genesis-delay 30s
for i in $(seq 2 "$N"); do
  echo "== node$i: join"
  c exec -T "node$i" jdrand dkg join --control 8888
done
echo "== node1 (leader): execute"
c exec -T node1 jdrand dkg execute --control 8888 --wait --wait-timeout 3m
echo "== done: the chain starts at its genesis time (30 s after the proposal)."
echo "   logs: $COMPOSE -f $here/compose.yaml logs -f node1"
