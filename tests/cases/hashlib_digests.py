# hashlib: known digests, incremental updates across block boundaries, and MicroPython's
# rules (no hexdigest, a hash is final after digest()).
import hashlib, binascii
def hx(h):
    return binascii.hexlify(h.digest()).decode()
print(hx(hashlib.sha256()), hx(hashlib.sha256(b'abc')))
print(hx(hashlib.sha1(b'abc')), hx(hashlib.md5(b'abc')), hx(hashlib.md5()))
h = hashlib.sha256()
for i in range(100):
    h.update(bytes([i]) * i)
one = hashlib.sha256(b''.join(bytes([i]) * i for i in range(100)))
d1, d2 = h.digest(), one.digest()
print(d1 == d2, len(d1))
for n in [55, 56, 63, 64, 65, 119, 120, 128]:
    print(n, hx(hashlib.sha1(b'x' * n))[:16], hx(hashlib.md5(b'x' * n))[:16], hx(hashlib.sha256(b'x' * n))[:16])
h = hashlib.md5(bytearray(b'ab'))
h.update(memoryview(b'c'))
print(hx(h), type(hashlib.sha256()).__name__)
h = hashlib.sha1(b'a')
h.digest()
for f in [h.digest, lambda: h.update(b'b')]:
    try:
        f()
    except ValueError:
        print('ValueError')
print(hasattr(hashlib.sha256(), 'hexdigest'))
try:
    hashlib.sha256(5)
except TypeError:
    print('TypeError')
