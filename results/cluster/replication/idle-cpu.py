import sys, collections
# beam-cpu.txt lines: epoch pid utime stime (clock ticks, 100/s)
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 4:
        rows[int(f[1])].append((float(f[0]), int(f[2]), int(f[3])))
base = [int(p) for p in sys.argv[2].split(',')]
head = [int(p) for p in sys.argv[3].split(',')]
def rates(pid):
    r = rows[pid]; out = []
    for (t0,u0,s0),(t1,u1,s1) in zip(r, r[1:]):
        out.append((t0, t1, (u1-u0)/100/(t1-t0), (s1-s0)/100/(t1-t0)))
    return out
def active(pids, t):
    tot = 0
    for p in pids:
        for a,b,u,s in rates(p):
            if a <= t < b: tot += u+s
    return tot
import statistics
for name, me, other in (("3-node cluster (head) while base runs", head, base), ("1 node (base) while head runs", base, head)):
    vals=[]; us=[]; ss=[]
    # intervals where other side busy (> 0.3 core)
    ref = rates(other[0]) if len(other)==1 else None
    times = [ (a,b) for a,b,u,s in rates(other[0]) ]
    for a,b in times:
        mid=(a+b)/2
        if active(other, mid) > 0.3:
            u=sum(x[2] for p in me for x in rates(p) if x[0]<=mid<x[1]); s=sum(x[3] for p in me for x in rates(p) if x[0]<=mid<x[1])
            vals.append(u+s); us.append(u); ss.append(s)
    if vals:
        print(f"{name}: {len(vals)} samples of 2 s, CPU median {statistics.median(vals):.3f} cores (user {statistics.median(us):.3f}, sys {statistics.median(ss):.3f}), p90 {sorted(vals)[int(len(vals)*0.9)]:.3f}")
