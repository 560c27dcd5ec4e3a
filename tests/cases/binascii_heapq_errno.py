# binascii, heapq and errno beyond the corpus, with their errors.
import binascii, heapq, errno
print(binascii.hexlify(b'\x00\x7f\xff'), binascii.hexlify(b''), binascii.hexlify(bytearray(b'ab')))
print(binascii.hexlify(b'\x01\x02\x03', ':'), binascii.hexlify(b'\x01\x02', b'-'), binascii.hexlify(b'\x01', ':'))
print(binascii.unhexlify('0aFF'), binascii.unhexlify(b'dead'), binascii.unhexlify(''))
for bad in ['abc', 'zz', b'0g']:
    try:
        binascii.unhexlify(bad)
    except ValueError:
        print('ValueError', bad)
for data in [b'', b'a', b'ab', b'abc', b'abcd', bytes(range(256))[:40]]:
    enc = binascii.b2a_base64(data)
    print(enc, binascii.a2b_base64(enc) == data)
print(binascii.b2a_base64(b'hi', newline=False), binascii.a2b_base64('aGk='), binascii.a2b_base64(b'aG\nk='))
print(binascii.a2b_base64(b'YWJj===='), binascii.a2b_base64(b'YQ==YQ=='))
for bad in [b'YQ', b'YQ=', b'Y', b'YQ=Y']:
    try:
        binascii.a2b_base64(bad)
    except ValueError:
        print('ValueError', bad)
print(binascii.crc32(b''), binascii.crc32(b'123456789'), binascii.crc32(b'56789', binascii.crc32(b'1234')))
print(binascii.crc32(b'hello', 0xffffffff), binascii.crc32(b'abc', -1))
h = []
for x in [5, 1, 8, 3, 9, 2, 7, 1]:
    heapq.heappush(h, x)
print(h[0], [heapq.heappop(h) for _ in range(len(h))], h)
data = [9, 4, 7, 1, 8, 2, 2, 6]
heapq.heapify(data)
print(data[0], [heapq.heappop(data) for _ in range(len(data))])
jobs = []
for job in [(3, 'c'), (1, 'a'), (2, 'b'), (1, 'z')]:
    heapq.heappush(jobs, job)
print([heapq.heappop(jobs) for _ in range(4)])
class Task:
    def __init__(self, p):
        self.p = p
    def __lt__(self, other):
        return self.p < other.p
ts = [Task(p) for p in [4, 2, 6, 1]]
heapq.heapify(ts)
print([heapq.heappop(ts).p for _ in range(4)])
empty = []
heapq.heapify(empty)
try:
    heapq.heappop(empty)
except IndexError:
    print('IndexError')
try:
    heapq.heappush((1,), 2)
except TypeError:
    print('TypeError')
try:
    heapq.heappush([1, 'a'], 0)
except TypeError:
    print('TypeError')
print(errno.ENOENT, errno.EEXIST, errno.EINVAL, errno.errorcode[errno.ENOENT], errno.errorcode[errno.EIO])
try:
    raise OSError(errno.ENOENT)
except OSError as e:
    print(e.args[0] == errno.ENOENT)
# MicroPython's buffer protocol covers str, so these take text as well as bytes.
print(binascii.crc32('abc'), binascii.hexlify('AB'), binascii.b2a_base64('hi'))
