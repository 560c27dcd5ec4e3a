# The shapes MicroPython's ESP32 port gives (LittleFS, extmod/vfs_lfsx.c): ilistdir 4-tuples
# (name, type, inode, size), stat's 10-tuple with only mode and size, statvfs, uname; and a
# full flash raising ENOSPC without harming other files. Written from MicroPython's source:
# the WebAssembly MicroPython has a POSIX file system instead.
import os
import errno

u = os.uname()
print(u.sysname, u.nodename, len(u), u[0])
print(os.sep, os.getcwd())
r = os.urandom(16)
print(type(r), len(r), os.urandom(0))

with open("a.txt", "w") as f:
    f.write("12345")
os.mkdir("lib")
st = os.stat("a.txt")
print(len(st), st[0], st[6], st[1:6], os.stat("lib")[0], os.stat("/")[0])
for name, kind, inode, size in sorted(os.ilistdir()):
    print(name, hex(kind), size, inode > 0)
bsize, frsize, blocks, bfree, bavail = os.statvfs("/")[:5]
print(bsize, frsize == bsize, blocks * bsize, bfree == bavail, 0 < bfree < blocks)

# Fill the flash: ENOSPC, and what was there before is intact.
chunk = "x" * 4096
f = open("fill.txt", "w")
written = 0
try:
    while True:
        written += f.write(chunk)
except OSError as e:
    print("full", e.errno == errno.ENOSPC, e, written > 900000)
try:
    f.close()
except OSError as e:
    print("close", e)
print(open("a.txt").read(), os.listdir("lib"))
os.remove("fill.txt")
with open("b.txt", "w") as f:
    f.write("fits again")
print(open("b.txt").read(), os.statvfs("/")[3] > bfree - 4)
os.sync()
open("no/such/file")
