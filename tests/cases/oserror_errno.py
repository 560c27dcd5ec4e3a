# OSError with an error number prints MicroPython's [Errno N] NAME; .errno is args[0].
import errno
e = OSError(errno.ENOENT)
print(str(e), e.errno, e.args)
print(str(OSError(2, 'xx')), OSError(2, 'xx').errno)
print(str(OSError('x')), OSError('x').errno)
print(str(OSError(9999)), str(OSError()))
print(ValueError(5).errno)
try:
    raise OSError(17)
except OSError as x:
    print(x.errno == errno.EEXIST, x)
raise OSError(errno.EEXIST)
