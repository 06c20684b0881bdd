#!/usr/bin/env python3
"""Fork-to-fork and run-to-run spread of each quick-profile row, CPUs shared against split.

Run from the repository root: python3 results/aa/cpu-split/analyze.py
"""
import glob
import json
import statistics as st


def rows(kind):
    data = {}
    for run in sorted(glob.glob(f'results/aa/cpu-split/{kind}/*/jmh-result.json')):
        for b in json.load(open(run)):
            p = b.get('params', {})
            label = b['benchmark'].split('.')[-2] + ' ' + ' '.join(
                f'{k}={p[k]}' for k in ('confirm', 'queueType') if k in p)
            data.setdefault(label, []).append([st.mean(f) for f in b['primaryMetric']['rawData']])
    return data


shared, split = rows('shared'), rows('split')
print('| row | fork sd, shared | fork sd, split | run means, shared | run means, split |')
print('|---|---:|---:|---|---|')
for label in shared:
    cells = []
    for data in (shared, split):
        runs = data[label]
        cells.append(f'{st.mean([st.stdev(f) / st.mean(f) for f in runs]) * 100:.1f}%')
    means = [' '.join(f'{st.mean(f):.4g}' for f in data[label]) for data in (shared, split)]
    print(f'| {label} | {cells[0]} | {cells[1]} | {means[0]} | {means[1]} |')
