# array.array: construction, indexing, slicing, append/extend, iteration, buffer access.
from array import array
import struct
a = array('i', [1, -2, 3])
print(a, len(a), a[0], a[-1], a[1:], list(a), a.tolist())
a.append(40)
a.extend([5, 6])
a.extend(array('i', [7]))
print(a, len(a), 5 in a, 9 in a, sum(a))
a[0] = 100
a[-1] = -7
print(a[0], a[-1], a[::2], a[1:3])
print(array('b'), array('f', [1.5, -0.25]), array('d', (2.0,)), array('B', range(3)))
print(bytes(array('h', [1, -1])), bytes(array('I', [0xDEADBEEF])), bytes(array('B', b'ab')))
print(array('H', [1, 2]) == array('H', [1, 2]), array('H', [1]) == array('H', [2]))
print(array('b', [1, 2]) + array('b', [3]), array('b', [7]) * 3)
b = array('q', [2 ** 40, -(2 ** 40)])
print(b, b.itemsize, array('Q', [2 ** 64 - 1]))
c = array('l', [1, 2])
c += array('l', [3])
print(c, c.typecode, c.itemsize)
print(struct.unpack('<2h', array('h', [5, 6])), memoryview(array('B', [9]))[0])
buf = array('H', [0, 0])
struct.pack_into('<H', buf, 2, 513)
print(buf)
print([x * 2 for x in array('f', [0.5, 1.0])])
def attempt(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__)
attempt(array, 'z')
attempt(array, 'i', [1.5])
attempt(lambda: array('i', [1])[1])
attempt(lambda: array('i')[0])
attempt(lambda: array('i', [1])['x'])
attempt(lambda: array('i', [1]) + [2])
