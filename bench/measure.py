#!/usr/bin/env python3
"""Runs commands repeatedly and reports median wall time and peak memory.

Used by bench/run.sh. Wall time: each run is one child process (a
`bash -c` for pipelines), timed from spawn to exit. Peak memory: the same
command under GNU time (`%M`, the largest resident set of the processes it
ran; for a pipeline, its largest stage, which favours the pipeline). GNU
time forks itself before running the command, so about 1-2 MiB of its own
pages count in every figure alike; `bench/run.sh` prints that floor.
"""
import os
import statistics
import subprocess
import sys
import time


# `check` exits 1 or 2 on findings: WA_BENCH_EXITS="0 1 2" allows them.
ALLOWED_EXITS = {int(c) for c in os.environ.get("WA_BENCH_EXITS", "0").split()}


def run_once(argv, shell):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    if shell:
        argv = ["bash", "-c", argv]
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1),
    ])
    _, status = os.waitpid(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) not in ALLOWED_EXITS:
        raise SystemExit(f"command failed ({status}): {argv}")
    return wall


def peak_rss(argv, shell):
    """Peak resident set in bytes, from GNU time."""
    if shell:
        argv = ["bash", "-c", argv]
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in ALLOWED_EXITS:
        raise SystemExit(f"command failed ({r.returncode}): {argv}")
    return int(r.stderr.decode().strip().splitlines()[-1]) * 1024


def measure(argv, shell=False, runs=15):
    run_once(argv, shell)  # warm-up: page cache
    walls = [run_once(argv, shell) for _ in range(runs)]
    peaks = [peak_rss(argv, shell) for _ in range(3)]
    return statistics.median(walls), max(peaks)


if __name__ == "__main__":
    # measure.py RUNS -- argv...   or   measure.py RUNS --shell "pipeline"
    runs = int(sys.argv[1])
    if sys.argv[2] == "--shell":
        w, p = measure(sys.argv[3], shell=True, runs=runs)
    else:
        w, p = measure(sys.argv[3:], runs=runs)
    print(f"{w * 1000:.2f} {p}")
