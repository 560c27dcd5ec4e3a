# MicroPython keeps the u-prefixed names of its built-in modules as aliases.
import ujson, ustruct, utime, ucollections, ubinascii, uerrno, uheapq
print(ujson.dumps([1, 2]), ustruct.pack('<H', 258), ubinascii.hexlify(b'\x01\xff'))
print(uerrno.ENOENT, ucollections.deque([1], 5).popleft())
from ure import compile
print(compile('a+').match('aaab').group(0))
try:
    import unosuchmodule
except ImportError:
    print('ImportError')
try:
    import u
except ImportError:
    print('ImportError for u')
