#!/usr/bin/env bash
# RSA key generation, sslkit (release) against pyca/cryptography, in the same run: two rounds,
# each sslkit then pyca, and the ratio of their medians (below 1: sslkit is faster).
# Usage: benches/keygen_vs_pyca.sh [BITS] [COUNT]   (needs python3 with `cryptography`)
# THREADS=n sets sslkit's prime-search threads (default 1, like OpenSSL and pyca).
set -euo pipefail
cd "$(dirname "$0")/.."
BITS=${1:-2048}
COUNT=${2:-51}
THREADS=${THREADS:-1}
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] && PY=.venv/bin/python
cargo build --release --example rsa_keygen_timing -q
median() { sed -n 's/.*median=\([0-9.]*\) ms.*/\1/p'; }
for round in 1 2; do
  ours=$(./target/release/examples/rsa_keygen_timing "$BITS" "$COUNT" "$THREADS")
  echo "$ours"
  theirs=$("$PY" - "$BITS" "$COUNT" <<'PYEOF'
import statistics, sys, time
from cryptography.hazmat.primitives.asymmetric import rsa
import cryptography
bits, count = int(sys.argv[1]), int(sys.argv[2])
ms = []
for _ in range(count):
    t = time.perf_counter()
    rsa.generate_private_key(public_exponent=65537, key_size=bits)
    ms.append((time.perf_counter() - t) * 1000)
ms.sort()
q = lambda f: ms[round((len(ms) - 1) * f)]
print(f"pyca/cryptography {cryptography.__version__} rsa-{bits}: n={count} median={q(0.5):.1f} ms q1={q(0.25):.1f} q3={q(0.75):.1f}")
PYEOF
)
  echo "$theirs"
  awk -v a="$(echo "$ours" | median)" -v b="$(echo "$theirs" | median)" -v r="$round" \
    'BEGIN { printf "round %d: sslkit / pyca median = %.2f\n", r, a / b }'
done
