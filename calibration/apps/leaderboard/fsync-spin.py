import time,sys
end=time.time()+float(sys.argv[1])
while time.time()<end: pass
