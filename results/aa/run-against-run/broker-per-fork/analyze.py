import json,glob,statistics,math
for kind in ['publish','drain']:
    runs=[]
    for f in sorted(glob.glob('results/aa/run-against-run/broker-per-fork/run*-%s.json'%kind)):
        d=json.load(open(f))
        forks=[statistics.mean(x) for x in d[0]['primaryMetric']['rawData']]
        runs.append(forks)
    means=[statistics.mean(r) for r in runs]
    m=statistics.mean(means)
    between=statistics.stdev(means)/m*100
    within=statistics.mean([statistics.stdev(r)/statistics.mean(r)*100 for r in runs])
    n=len(runs[0])
    print("%s: %d runs x %d forks; run means %s" % (kind, len(runs), n, " ".join("%.1f"%x for x in means)))
    print("  between-run sd %.1f%%, within-run fork sd %.1f%%, predicted between from forks %.1f%%, ratio %.2f" % (between, within, within/math.sqrt(n), between/(within/math.sqrt(n))))
