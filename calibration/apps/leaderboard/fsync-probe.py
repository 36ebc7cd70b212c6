import os, time, threading, sys, statistics
d='/tmp/lb2-fsync'
def worker(path, n, out, shared_fd=None):
    fd = shared_fd if shared_fd is not None else os.open(path, os.O_WRONLY|os.O_CREAT, 0o600)
    buf = b'x'*512
    for i in range(n):
        t=time.perf_counter()
        os.pwrite(fd, buf, (i%64)*4096)
        os.fdatasync(fd)
        out.append(time.perf_counter()-t)
for k in [int(a) for a in sys.argv[1:]]:
    for mode in ('files','samefile'):
        outs=[[] for _ in range(k)]
        shared = os.open(d+'/same', os.O_WRONLY|os.O_CREAT, 0o600) if mode=='samefile' else None
        # preallocate
        for i in range(k): 
            fd=os.open(f'{d}/f{i}', os.O_WRONLY|os.O_CREAT,0o600); os.pwrite(fd,b'\0'*262144,0); os.fsync(fd); os.close(fd)
        if shared is not None: os.pwrite(shared,b'\0'*262144,0); os.fsync(shared)
        ts=[threading.Thread(target=worker,args=(f'{d}/f{i}',150,outs[i],shared)) for i in range(k)]
        t0=time.perf_counter(); [t.start() for t in ts]; [t.join() for t in ts]; el=time.perf_counter()-t0
        allv=[x for o in outs for x in o]
        print(f'threads {k} {mode}: mean {1e3*statistics.mean(allv):.3f} ms p50 {1e3*statistics.median(allv):.3f} syncs/s {len(allv)/el:.0f}', flush=True)
