#!/usr/bin/env bash
# The fleet benchmark: N stand-in deployments (default 20), each answering
# /v1/support after DELAY seconds (default 1), checked with one
# `wa-support check --all-profiles`. The deployments are asked 8 at a
# time, so the floor is ceil(N / 10) x DELAY (20 take two rounds of 1 s);
# it passes within 1 s of that floor, not N x DELAY, and also says whether
# it is under TARGET seconds (default 3).
#
#     bench/fleet.sh [N] [DELAY]
#
# Needs python3. Uses the release binary (built first), or the one named
# by BIN (BIN=target/debug/wa-support: the time is spent waiting anyway).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
DELAY=${2:-1}
TARGET=${TARGET:-3}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/wa-support
fi
work=$(mktemp -d)
trap 'kill $(cat "$work"/pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

# One process serving N ports: each answer waits DELAY seconds.
cat > "$work/slow.py" <<'PY'
import http.server, socketserver, sys, threading, time
body = open(sys.argv[1], "rb").read()
n, delay, port_file = int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        time.sleep(delay)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ports = []
for _ in range(n):
    s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    ports.append(s.server_address[1])
    threading.Thread(target=s.serve_forever, daemon=True).start()
open(port_file, "w").write("\n".join(map(str, ports)) + "\n")
threading.Event().wait()
PY
python3 "$work/slow.py" tests/fixtures/single-registered.json "$N" "$DELAY" "$work/ports" &
echo $! > "$work/pid"
for _ in $(seq 100); do [ -s "$work/ports" ] && break; sleep 0.1; done

i=0
: > "$work/config.toml"
while read -r port; do
  i=$((i + 1))
  printf 'tok-bench-%02d-0123456789\n' "$i" > "$work/d$i.token"
  chmod 600 "$work/d$i.token"
  printf '[profiles.d%02d]\nurl = "http://127.0.0.1:%s"\ntoken_file = "%s"\ntimeout = 10\n\n' \
    "$i" "$port" "$work/d$i.token" >> "$work/config.toml"
done < "$work/ports"
chmod 600 "$work/config.toml"

start=$(date +%s.%N)
set +e
WA_SUPPORT_CONFIG="$work/config.toml" "$BIN" check --all-profiles > "$work/out"
code=$?
set -e
end=$(date +%s.%N)
secs=$(python3 -c "print(f'{$end - $start:.2f}')")
head -1 "$work/out"
rounds=$(( (N + 9) / 10 ))
floor=$(python3 -c "print($rounds * $DELAY)")
echo "exit $code; $N deployments answering after ${DELAY} s each: ${secs} s (sequential: $(python3 -c "print($N * $DELAY)") s; floor at 10 at a time: ${floor} s)"
python3 -c "import sys; sys.exit(0 if $secs < $TARGET else 1)" \
  && echo "under ${TARGET} s: yes" || echo "under ${TARGET} s: no (the floor is ${floor} s)"
[ "$code" = 0 ] || { echo "FAILED: the check was not OK"; exit 1; }
python3 -c "import sys; sys.exit(0 if $secs < $floor + 1 else 1)" || { echo "MISSED: more than 1 s above the floor"; exit 1; }
