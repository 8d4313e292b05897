#!/usr/bin/env bash
# Benchmarks wa-support against what people run today (jq, curl | jq), on
# this machine, in one run. Prints each figure and the ratio
# wa-support / anchor. Needs python3, jq, curl and openssl; installs jq and
# curl with apt-get when missing.
#
#   bench/run.sh [RUNS]        (default 15 runs per figure, median reported)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}

[ -x /usr/bin/time ] || { echo "installing GNU time" >&2; apt-get install -y time >/dev/null; }
for tool in jq curl openssl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "installing $tool" >&2
    apt-get install -y "$tool" >/dev/null
  fi
done

cargo build --release --quiet
BIN=$PWD/target/release/wa-support
WORK=$(mktemp -d)
trap 'kill "${SERVER_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 bench/gen.py "$WORK"

measure() { python3 bench/measure.py "$RUNS" "$@"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
mb() { python3 -c "print(f'{$1 / 1048576:.1f}')"; }

echo "machine: $(nproc) cores, $(uname -srm); jq $(jq --version); $(curl --version | head -1 | cut -d' ' -f1-2)"
echo "binary: $(stat -c %s "$BIN") bytes (release, stripped)"
echo "memory floor (GNU time running true): $(mb "$(python3 -c "import subprocess;r=subprocess.run(['/usr/bin/time','-f','%M','true'],stderr=subprocess.PIPE);print(int(r.stderr.split()[-1])*1024)")") MiB"
echo
printf '%-34s %10s %10s %7s %10s %10s\n' "case" "wa ms" "anchor ms" "ratio" "wa MiB" "anchor MiB"

fail=0
for n in 1 34 1000; do
  f=$WORK/nodes-$n.json
  read -r wt wm < <(measure -- "$BIN" show --color never --file "$f")
  read -r jt jm < <(measure -- jq . "$f")
  r=$(ratio "$wt" "$jt")
  printf '%-34s %10s %10s %7s %10s %10s\n' "show --file vs jq . ($n nodes)" "$wt" "$jt" "$r" "$(mb "$wm")" "$(mb "$jm")"
  python3 -c "import sys; sys.exit(0 if $r <= 0.5 else 1)" || { echo "  target missed: ratio > 0.5"; fail=1; }
  if [ "$n" = 1000 ]; then
    size=$(stat -c %s "$f")
    limit=$((3 * size + 10 * 1048576))
    echo "  peak memory at 1000 nodes: $(mb "$wm") MiB; limit 3 x $(mb "$size") MiB + 10 MiB = $(mb "$limit") MiB"
    [ "$wm" -le "$limit" ] || { echo "  target missed: memory"; fail=1; }
  fi
done

# Live: HTTPS on 127.0.0.1 with a self-signed certificate (CA:TRUE, as
# openssl makes it), pinned with --cacert for wa-support, -k for curl.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
  -days 1 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
python3 bench/serve.py "$WORK/cert.pem" "$WORK/key.pem" "$WORK/nodes-34.json" "$WORK/port" &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
URL="https://127.0.0.1:$(cat "$WORK/port")"
read -r wt wm < <(measure -- "$BIN" show --color never --url "$URL" --cacert "$WORK/cert.pem")
read -r ct cm < <(measure --shell "curl -sk '$URL/v1/support' | jq ." )
r=$(ratio "$wt" "$ct")
printf '%-34s %10s %10s %7s %10s %10s\n' "live show vs curl -sk | jq . (34)" "$wt" "$ct" "$r" "$(mb "$wm")" "$(mb "$cm")"
python3 -c "import sys; sys.exit(0 if $r <= 1.0 else 1)" || { echo "  target missed: ratio > 1.0"; fail=1; }

# Every bad input is handled well within a second.
worst=0
for f in tests/fixtures/bad/*; do
  [ "$(basename "$f")" = EXPECTED.tsv ] && continue
  s=$(date +%s%N); "$BIN" show --file "$f" >/dev/null 2>&1 || true; e=$(date +%s%N)
  ms=$(( (e - s) / 1000000 )); [ "$ms" -gt "$worst" ] && worst=$ms
done
echo "slowest bad input (tests/fixtures/bad): ${worst} ms"
[ "$worst" -lt 1000 ] || { echo "  target missed: a bad input took a second or more"; fail=1; }
exit $fail
