#!/usr/bin/env bash
# RSA key generation, sslkit (release) against pyca/cryptography, in the same run.
# Usage: benches/keygen_vs_pyca.sh [BITS] [COUNT]   (needs python3 with `cryptography`)
set -euo pipefail
cd "$(dirname "$0")/.."
BITS=${1:-2048}
COUNT=${2:-51}
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] && PY=.venv/bin/python
cargo build --release --example rsa_keygen_timing -q
for round in 1 2; do
  ./target/release/examples/rsa_keygen_timing "$BITS" "$COUNT"
  "$PY" - "$BITS" "$COUNT" <<'PYEOF'
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
done
