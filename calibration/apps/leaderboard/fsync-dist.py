import os, time, statistics, json, sys
fd=os.open('/tmp/lb2-fsync/dist', os.O_WRONLY|os.O_CREAT, 0o600)
os.pwrite(fd,b'\0'*262144,0); os.fsync(fd)
v=[]
for i in range(int(sys.argv[1])):
    t=time.perf_counter(); os.pwrite(fd,b'x'*512,(i%64)*4096); os.fdatasync(fd); v.append((time.perf_counter()-t)*1e3)
v.sort(); n=len(v)
q=lambda p: v[min(n-1,int(p*n))]
print(json.dumps({'n':n,'mean':round(statistics.mean(v),3),'p10':round(q(.1),3),'p50':round(q(.5),3),'p90':round(q(.9),3),'p95':round(q(.95),3),'p99':round(q(.99),3),'max':round(v[-1],3),'share_over_1ms':round(sum(x>1 for x in v)/n,3)}))
