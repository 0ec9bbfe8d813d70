#!/usr/bin/env bash
# `nginx -t` of deploy/nginx/jdrand.conf with throw-away certificates and paths (needs nginx and
# openssl; touches no system configuration). Run: deploy/nginx/check.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="$(mktemp -d)"; trap 'rm -rf "$N"' EXIT
chmod 755 "$N"; mkdir -p "$N/logs" "$N/tmp" "$N/cache"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$N/key.pem" -out "$N/cert.pem" \
  -subj /CN=drand.example.org -days 1 2>/dev/null
sed -e "s#/etc/letsencrypt/live/drand.example.org/fullchain.pem#$N/cert.pem#" \
    -e "s#/etc/letsencrypt/live/drand.example.org/privkey.pem#$N/key.pem#" \
    -e "s#/var/cache/nginx/jdrand#$N/cache#" \
    -e "s#listen 443#listen 127.0.0.1:18443#; s#listen \[::\]:443#listen [::1]:18443#" \
    -e "s#listen 80;#listen 127.0.0.1:18080;#; s#listen \[::\]:80;#listen [::1]:18080;#" \
    "$here/jdrand.conf" > "$N/jdrand.conf"
cat > "$N/nginx.conf" <<EOF
daemon off; pid logs/nginx.pid; error_log logs/error.log warn;
events { worker_connections 64; }
http { access_log off; client_body_temp_path tmp/cb; proxy_temp_path tmp/p; fastcgi_temp_path tmp/f;
  uwsgi_temp_path tmp/u; scgi_temp_path tmp/s; include jdrand.conf; }
EOF
nginx -t -p "$N/" -c nginx.conf -e logs/error.log
