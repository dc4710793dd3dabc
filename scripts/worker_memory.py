"""Run a command and report the resident memory of it and of every process under it, sampled
every second: the peak of each process and of the whole tree, and how the largest worker grew.

    python scripts/worker_memory.py -- newsevents ingest /tmp/reuters-10k.warc.gz --workers 2 \
        --db sqlite:////tmp/r10k.db --quiet

The last line printed is one JSON object with the figures (MB), for docs/scaling.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import psutil


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=float, default=1.0, help="seconds between samples (default 1)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    started = time.monotonic()
    child = subprocess.Popen(command)
    root = psutil.Process(child.pid)
    peaks: dict[int, tuple[int, str]] = {}
    tree_peak = 0
    curve: list[tuple[int, int]] = []  # (second, largest worker's RSS)
    while child.poll() is None:
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        total = largest = 0
        for process in processes:
            try:
                rss = process.memory_info().rss
                name = " ".join(process.cmdline()[:3])
            except psutil.Error:
                continue
            total += rss
            if process.pid != root.pid:
                largest = max(largest, rss)
            if rss > peaks.get(process.pid, (0, ""))[0]:
                peaks[process.pid] = (rss, name)
        tree_peak = max(tree_peak, total)
        curve.append((round(time.monotonic() - started), largest))
        time.sleep(args.every)
    status = child.wait()
    mb = 2**20
    workers = {pid: peak for pid, peak in peaks.items() if pid != root.pid}
    for pid, (rss, name) in sorted(peaks.items(), key=lambda kv: -kv[1][0]):
        print(f"{pid:>8} {rss / mb:8.0f} MB  {name}")
    # The largest worker at a tenth, half and the end of the run: growth shows as a rising line.
    marks = (
        {
            f"{share:.0%}": round(curve[min(len(curve) - 1, int(share * len(curve)))][1] / mb)
            for share in (0.1, 0.5, 0.99)
        }
        if curve
        else {}
    )
    print(
        json.dumps(
            {
                "seconds": round(time.monotonic() - started),
                "exit": status,
                "main_peak_mb": round(peaks.get(root.pid, (0, ""))[0] / mb),
                "worker_peak_mb": round(max((rss for rss, _ in workers.values()), default=0) / mb),
                "largest_worker_mb_at": marks,
                "tree_peak_mb": round(tree_peak / mb),
            }
        )
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
