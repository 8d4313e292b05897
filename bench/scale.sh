#!/usr/bin/env bash
# Scaling: the cost of every command must stay linear in the answer.
# Measures show, check, report and report --redact-hosts at 1,000 and
# 10,000 nodes (median wall time, peak memory), and the answers built to hit
# worst cases (bench/gen.py --hostile). Targets: the 10,000-node time is at
# most 11x the 1,000-node time; peak memory is at most 3x the answer's size
# + 10 MiB; each hostile answer is handled in under a second with bounded
# output. Exits non-zero when a target is missed.
#
#   bench/scale.sh [RUNS]      (default 5 runs per figure, median reported)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}

[ -x /usr/bin/time ] || { echo "installing GNU time" >&2; apt-get install -y time >/dev/null; }
cargo build --release --quiet
BIN=$PWD/target/release/wa-support
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/gen.py "$WORK" 1000 10000
python3 bench/gen.py "$WORK" --hostile
export WA_BENCH_EXITS="0 1 2" NO_COLOR=1
# A user's environment must not change the figures.
unset WA_SUPPORT_URL WA_SUPPORT_PROFILE WA_SUPPORT_TOKEN WA_SUPPORT_TOKEN_FILE

measure() { python3 bench/measure.py "$RUNS" "$@"; }
mb() { python3 -c "print(f'{$1 / 1048576:.1f}')"; }
fail=0

printf '%-28s %10s %10s %7s %12s %12s %12s\n' "command" "1k ms" "10k ms" "ratio" "1k MiB" "10k MiB" "10k limit"
for cmd in "show" "check" "report" "report --redact-hosts" "show -o json"; do
  read -r t1 m1 < <(measure -- "$BIN" $cmd --color never --file "$WORK/nodes-1000.json")
  read -r t2 m2 < <(measure -- "$BIN" $cmd --color never --file "$WORK/nodes-10000.json")
  r=$(python3 -c "print(f'{$t2 / $t1:.1f}')")
  size=$(stat -c %s "$WORK/nodes-10000.json")
  limit=$((3 * size + 10 * 1048576))
  printf '%-28s %10s %10s %7s %12s %12s %12s\n' "$cmd" "$t1" "$t2" "$r" "$(mb "$m1")" "$(mb "$m2")" "$(mb "$limit")"
  python3 -c "import sys; sys.exit(0 if $r <= 11 else 1)" || { echo "  target missed: time ratio > 11"; fail=1; }
  [ "$m2" -le "$limit" ] || { echo "  target missed: memory"; fail=1; }
done

echo
printf '%-36s %10s %12s %12s\n' "hostile answer" "ms" "MiB" "out bytes"
for f in overlap-claims many-ranges schema-cells hosts-4000; do
  for cmd in "check" "report --redact-hosts"; do
    read -r t m < <(measure -- "$BIN" $cmd --color never --file "$WORK/$f.json")
    bytes=$("$BIN" $cmd --color never --file "$WORK/$f.json" 2>/dev/null | wc -c || true)
    printf '%-36s %10s %12s %12s\n' "$f ($cmd)" "$t" "$(mb "$m")" "$bytes"
    python3 -c "import sys; sys.exit(0 if $t < 1000 else 1)" || { echo "  target missed: a second or more"; fail=1; }
  done
done
exit $fail
