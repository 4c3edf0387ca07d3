#!/usr/bin/env bash
# sslkit against ring (same key), the openssl command and pyca/cryptography, in one go, printing
# one table of medians. Takes about 3-4 minutes on a 2-core machine. Not part of scripts/test.
#
# Usage: benches/compare.sh
#   ROUNDS=3           the rounds; each runs every implementation once, the order rotating, and
#                      the table takes the median of all samples of all rounds
#   OPS_SECONDS=0.3    time per operation and implementation per round (sign, verify, CSR, ...)
#   SPEED_SECONDS=2    `openssl speed -seconds` per round
# Raw samples are kept in target/bench-compare/. pyca/cryptography comes from .venv/bin/python if
# present, else python3 (PYTHON=... to choose); without it, its column is empty. Nothing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
OPS_SECONDS=${OPS_SECONDS:-0.3}
SPEED_SECONDS=${SPEED_SECONDS:-2}
# RSA keys generated per implementation and round (x ROUNDS in all).
declare -A KEYS=([2048]=10 [3072]=7 [4096]=5)

PY=${PYTHON:-python3}
[ -z "${PYTHON:-}" ] && [ -x .venv/bin/python ] && PY=.venv/bin/python
PYCA=1
"$PY" -c "import cryptography" 2>/dev/null || { PYCA=0; echo "note: no pyca/cryptography for $PY; its column stays empty" >&2; }
command -v openssl >/dev/null || { echo "compare.sh needs the openssl command" >&2; exit 2; }

W=target/bench-compare
rm -rf "$W" && mkdir -p "$W"
echo "building examples/bench_compare (release)..." >&2
cargo build --release --example bench_compare -q
BIN=target/release/examples/bench_compare
"$BIN" prepare "$W"

now_us() { local t=$EPOCHREALTIME; echo "${t//[.,]/}"; }

# One line of samples for $2 runs of the command after them, each its own process.
time_cmd() {
  local op=$1 n=$2 line s e
  shift 2
  line="S $op openssl"
  for ((i = 0; i < n; i++)); do
    s=$(now_us)
    "$@" >/dev/null 2>&1
    e=$(now_us)
    line+=" $((e - s))"
  done
  echo "$line"
}

run_impl() { # IMPL ROUND
  local out="$W/samples-$1-$2.txt"
  case $1 in
    sslkit)
      for bits in 2048 3072 4096; do "$BIN" keygen "$bits" "${KEYS[$bits]}" >>"$out"; done
      "$BIN" ops "$W" "$OPS_SECONDS" >>"$out" ;;
    sslkit-1t)
      for bits in 2048 3072 4096; do "$BIN" keygen "$bits" "${KEYS[$bits]}" 1 >>"$out"; done ;;
    openssl)
      for bits in 2048 3072 4096; do
        time_cmd "keygen-rsa$bits" "${KEYS[$bits]}" \
          openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out /dev/null >>"$out"
      done
      for kdf in scrypt pbkdf2; do
        time_cmd "decrypt-$kdf" 5 openssl pkey -in "$W/enc-$kdf.pem" -passin "pass:bench passphrase" -noout >>"$out"
      done
      time_cmd startup 5 openssl pkey -in "$W/key-rsa2048.pem" -noout >>"$out"
      openssl speed -seconds "$SPEED_SECONDS" rsa2048 rsa3072 rsa4096 ecdsap256 ed25519 \
        >"$W/speed-$2.txt" 2>/dev/null ;;
    pyca)
      [ "$PYCA" = 1 ] || return 0
      for bits in 2048 3072 4096; do "$PY" benches/compare.py keygen "$bits" "${KEYS[$bits]}" >>"$out"; done
      "$PY" benches/compare.py ops "$W" "$OPS_SECONDS" >>"$out" ;;
  esac
}

IMPLS=(sslkit openssl sslkit-1t pyca)
start=$SECONDS
for ((r = 0; r < ROUNDS; r++)); do
  for ((k = 0; k < ${#IMPLS[@]}; k++)); do
    impl=${IMPLS[$(((k + r) % ${#IMPLS[@]}))]}
    echo "round $((r + 1))/$ROUNDS: $impl ($((SECONDS - start)) s so far)" >&2
    run_impl "$impl" "$r"
  done
done

echo
echo "sslkit benches/compare.sh, $(date -u +%Y-%m-%d): $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1);"
echo "$(rustc --version | cut -d' ' -f1-2), $(openssl version | cut -d' ' -f1-2), pyca/cryptography" \
  "$([ "$PYCA" = 1 ] && "$PY" -c 'import cryptography; from cryptography.hazmat.backends.openssl.backend import backend as b; print(cryptography.__version__, "(" + b.openssl_version_text() + ")")' || echo absent);" \
  "$ROUNDS rounds, $((SECONDS - start)) s"
echo
"$PY" benches/compare.py table "$W"/samples-*.txt "$W"/speed-*.txt
