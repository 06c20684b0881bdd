#!/usr/bin/env python3
"""Per fork of a JMH JSON: the score, the costs and the scheduler's counts (fork means of the measurement
iterations); then, where the speed probe ran, how the Java threads' CPU per message follows the probe.
Usage: python3 per-fork.py results/noise/sources/probe/jmh-result.json"""
import json, math, statistics as st, sys

METRICS = ['sched.client.probe', 'cost.client.cpu.java', 'cost.broker.cpu', 'sched.client.switches',
           'sched.client.runq', 'sched.broker.switches', 'sched.broker.runq']

for e in json.load(open(sys.argv[1])):
    sm = e['secondaryMetrics']
    print('==', e['benchmark'].split('.')[-2], e['params'].get('confirm', ''))
    print('%9s ' % 'msg/s' + ' '.join('%13s' % m.split('.', 1)[1] for m in METRICS))
    score = e['primaryMetric']['rawData']
    for k in range(len(score)):
        cells = ['%13.1f' % st.mean(sm[m]['rawData'][k]) if m in sm else '%13s' % '-' for m in METRICS]
        print('%9.0f ' % st.mean(score[k]) + ' '.join(cells))
    if 'sched.client.probe' in sm:
        p = [math.log(st.mean(f)) for f in sm['sched.client.probe']['rawData']]
        c = [math.log(st.mean(f)) for f in sm['cost.client.cpu.java']['rawData']]
        slope = st.covariance(p, c) / st.variance(p)  # least squares of log CPU/msg on log probe, in sample
        print('   Java threads CPU/msg against the probe: r = %.2f; sd of log CPU/msg %.1f%%, of log(CPU/msg / probe) %.1f%%,'
              ' of the residual of a fitted slope %.2f: %.1f%%'
              % (st.correlation(p, c), st.stdev(c) * 100, st.stdev([a - b for a, b in zip(c, p)]) * 100, slope,
                 st.stdev([a - slope * b for a, b in zip(c, p)]) * 100))
