#!/usr/bin/env python3
"""Runs commands repeatedly and reports median wall time and peak memory.

Used by bench/run.sh. Each run is one child process (a `bash -c` for
pipelines) waited with wait4, so its peak RSS is the largest of the
processes it ran (for a pipeline, the largest stage, which favours the
pipeline).
"""
import os
import statistics
import subprocess
import sys
import time


def run_once(argv, shell):
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    if shell:
        argv = ["bash", "-c", argv]
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1),
    ])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) not in (0,):
        raise SystemExit(f"command failed ({status}): {argv}")
    return wall, usage.ru_maxrss * 1024  # bytes


def measure(argv, shell=False, runs=15):
    run_once(argv, shell)  # warm-up: page cache, TLS session setup paths
    walls, peaks = [], []
    for _ in range(runs):
        w, p = run_once(argv, shell)
        walls.append(w)
        peaks.append(p)
    return statistics.median(walls), max(peaks)


if __name__ == "__main__":
    # measure.py RUNS -- argv...   or   measure.py RUNS --shell "pipeline"
    runs = int(sys.argv[1])
    if sys.argv[2] == "--shell":
        w, p = measure(sys.argv[3], shell=True, runs=runs)
    else:
        w, p = measure(sys.argv[3:], runs=runs)
    print(f"{w * 1000:.2f} {p}")
