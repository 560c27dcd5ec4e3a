# Files and directories through os and open(), checked against MicroPython. Errors are printed
# by name (errorcode) so the test reads the same on any port's errno numbering.
import os
import errno


def name(code):
    for n in dir(errno):
        if n.startswith("E") and getattr(errno, n) == code:
            return n
    return code


def err(f, *a):
    try:
        f(*a)
        print("no error")
    except OSError as e:
        print(type(e).__name__, name(e.errno))
    except ValueError as e:
        print("ValueError", repr(str(e)))


os.mkdir("work")
os.chdir("work")
print(os.getcwd().endswith("/work"), os.listdir())

# Text files: write returns the count, read(n), readline, readlines, iteration, seek/tell.
with open("t.txt", "w") as f:
    print(f.write("hello\n"), f.write("second line\nno newline"))
print(os.stat("t.txt")[0] & 0x8000 != 0, os.stat("t.txt")[6])
f = open("t.txt")
print(repr(f.read(3)), f.tell(), repr(f.readline()), f.readlines())
print(f.seek(0), repr(f.read()), repr(f.read()), repr(f.readline()))
f.close()
for line in open("t.txt"):
    print(repr(line))
print(list(open("t.txt", "rt")))

# Unicode: read(n) counts characters.
with open("u.txt", "w") as f:
    f.write("h\u00e9llo w\u00f6rld\n")
with open("u.txt") as f:
    print(f.read(2), f.read(3), f.read(), len(f.read()))

# Binary files: bytes in, bytes out, readinto, seek from the end.
with open("b.bin", "wb") as f:
    print(f.write(b"\x00\x01\x02"), f.write(bytearray(b"abc")))
with open("b.bin", "rb") as f:
    buf = bytearray(4)
    print(f.readinto(buf), buf, f.read(), f.read(5))
    print(f.seek(1), f.read(2), f.seek(-2, 2), f.read(), f.tell())

# r+ rewrites in place, a appends, w truncates.
with open("b.bin", "r+b") as f:
    f.seek(2)
    f.write(b"ZZ")
with open("b.bin", "ab") as f:
    f.write(b"!")
print(open("b.bin", "rb").read())
with open("b.bin", "w+b") as f:
    f.write(b"new")
    f.seek(0)
    print(f.read())
print(open("b.bin", "rb").read())

# A bigger file across many flash blocks.
with open("big.txt", "w") as f:
    for i in range(2000):
        f.write("line %d\n" % i)
n = 0
with open("big.txt") as f:
    for line in f:
        n += 1
print(n, os.stat("big.txt")[6], repr(line))

# Directories.
os.mkdir("d")
os.mkdir("d/e")
with open("d/e/f.txt", "w") as f:
    f.write("deep")
print(sorted(os.listdir()), os.listdir("d"), os.listdir("d/e"))
print(os.stat("d")[0] & 0x4000 != 0)
print(sorted((t[0], t[1]) for t in os.ilistdir()))
os.rename("d/e/f.txt", "moved.txt")
print(open("moved.txt").read(), os.listdir("d/e"))
os.rename("moved.txt", "t.txt")
print(open("t.txt").read())
os.chdir("d")
print(os.getcwd().endswith("/work/d"), os.listdir())
os.chdir("..")

# Errors. The expected names follow the ESP32's LittleFS files (extmod/vfs_lfsx_file.c):
# open() of a directory is EISDIR, two of r/w/x/a is ValueError, and a closed file raises
# ValueError with no message; the WebAssembly MicroPython's POSIX files differ there.
err(open, "missing.txt")
err(open, "missing/x.txt", "w")
err(os.stat, "missing")
err(os.remove, "missing")
err(os.rmdir, "missing")
err(os.rename, "missing", "x")
err(os.listdir, "missing")
err(os.chdir, "missing")
err(os.mkdir, "d")
err(os.rmdir, "d")
err(os.rmdir, "t.txt")
err(os.remove, "d")
err(open, "d")
err(open, "d", "w")
err(open, "t.txt", "x")
err(os.listdir, "t.txt")
err(open, "t.txt", "rw")

f = open("t.txt")
f.close()
f.close()
err(f.read)
err(f.write, "x")
err(f.readline)
err(f.seek, 0)
with open("t.txt") as g:
    pass
err(g.read)

# Clean up.
os.rmdir("d/e")
os.rmdir("d")
for name in os.listdir():
    os.remove(name)
os.chdir("..")
os.rmdir("work")
print("work" in os.listdir())
