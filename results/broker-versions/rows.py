#!/usr/bin/env python3
"""Prints the rows of a compare.md this README quotes: each trial's score and its costs per message,
base (3.10.8) against head (4.0.5). Usage: python3 rows.py RUN/compare.md
With --widths: the widths of the 95% intervals of the broker's reductions and CPU per message, in points
(count, smallest, largest, median)."""
import re
import statistics
import sys

WANTED = ("", ":cost.broker.cpu", ":cost.broker.reductions", ":cost.client.cpu.java", ":cost.client.alloc")

def main(path):
    for line in open(path, encoding="utf-8"):
        if not line.startswith("| ") or line.startswith("| benchmark") or line.startswith("| ---"):
            continue
        f = [c.strip() for c in line.strip().strip("|").split("|")]
        name, params, unit, base, head, ratio, interval, change, verdict = f[0], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[10]
        metric = name[name.index(":"):] if ":" in name else ""
        if metric not in WANTED:
            continue
        keep = " ".join(p for p in params.split() if p.split("=")[0] in ("protocol", "form", "tls", "messageSize"))
        print(f"| {name.split('.')[0]} {keep} {metric.lstrip(':') or 'score'} | {unit} | {base} | {head} | {ratio} {interval} | {verdict} |")

def widths(path):
    for metric in (":cost.broker.reductions", ":cost.broker.cpu"):
        w = []
        for line in open(path, encoding="utf-8"):
            f = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(f) > 7 and f[0].endswith(metric):
                m = re.match(r"\[([\d.]+), ([\d.]+)\]", f[7])
                if m:
                    w.append(round((float(m.group(2)) - float(m.group(1))) * 100, 1))
        print(f"{metric.lstrip(':')}: {len(w)} rows, interval widths {min(w)} to {max(w)} points, median {statistics.median(w):.1f}")

if __name__ == "__main__":
    if sys.argv[1] == "--widths":
        widths(sys.argv[2])
    else:
        main(sys.argv[1])
