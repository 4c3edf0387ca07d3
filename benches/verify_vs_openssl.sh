#!/usr/bin/env bash
# RSA signature verification only: sslkit's PublicKey::verify and ring's own API on the same key
# (examples/bench_compare.rs `verify`) against `openssl speed rsa2048 rsa3072 rsa4096`, in one
# run, the two taking turns round by round; prints benches/compare.py's table for these rows.
#
# Usage: benches/verify_vs_openssl.sh     (ROUNDS=3, OPS_SECONDS=1, SPEED_SECONDS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
OPS_SECONDS=${OPS_SECONDS:-1}
SPEED_SECONDS=${SPEED_SECONDS:-3}
W=target/bench-verify
rm -rf "$W" && mkdir -p "$W"
cargo build --release --example bench_compare -q
BIN=target/release/examples/bench_compare
"$BIN" prepare "$W"
for ((r = 0; r < ROUNDS; r++)); do
  if ((r % 2 == 0)); then
    "$BIN" verify "$W" "$OPS_SECONDS" >>"$W/samples-sslkit-$r.txt"
    openssl speed -seconds "$SPEED_SECONDS" rsa2048 rsa3072 rsa4096 >"$W/speed-$r.txt" 2>/dev/null
  else
    openssl speed -seconds "$SPEED_SECONDS" rsa2048 rsa3072 rsa4096 >"$W/speed-$r.txt" 2>/dev/null
    "$BIN" verify "$W" "$OPS_SECONDS" >>"$W/samples-sslkit-$r.txt"
  fi
done
echo "sslkit benches/verify_vs_openssl.sh, $(date -u +%Y-%m-%d): $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1); $(openssl version | cut -d' ' -f1-2); $ROUNDS rounds"
python3 benches/compare.py table "$W"/samples-*.txt "$W"/speed-*.txt | grep -E "verify|operation|---"
