class P:
    def __init__(self): self._x = 0
    @property
    def x(self): return self._x
    @x.setter
    def x(self, v): self._x = v * 2
    @x.deleter
    def x(self): print("del x"); self._x = None
p = P(); p.x = 5; print(p.x); del p.x; print(p.x)
class G:
    def __getattr__(self, name): return name.upper()
g = G(); g.a = 1; print(g.a, g.zzz)
class S:
    def __setattr__(self, k, v):
        print("set", k, v); object.__setattr__(self, k, v)
s = S(); s.q = 3; print(s.q)
def f(a, b=2, *args, c, d=4, **kw): return (a, b, args, c, d, sorted(kw.items()))
print(f(1, c=3), f(1, 2, 3, 4, c=5, e=6, f=7))
print(f(*[1, 2], **{'c': 9}))
a, *b, c = range(5); print(a, b, c)
(x, y), z = (1, 2), 3; print(x, y, z)
print([*range(3), *'ab'], (*[1], 2), {**{'a': 1}, 'b': 2})
def outer():
    v = []
    def add(x): v.append(x); return len(v)
    return add
ad = outer(); ad(1); print(ad(2))
cnt = 0
def inc():
    global cnt
    cnt += 1
inc(); inc(); print(cnt)
l = [1, 2, 3, 4, 5, 6]; del l[::2]; print(l)
l[1:2] = [9, 9, 9]; print(l)
d = {'a': 1}; del d['a']; print(d)
print(sorted({3: 'c', 1: 'a'}.items()), list(reversed([1, 2, 3])))
print(isinstance(3, (str, int)), type(3) is int, type('') == str)
print(divmod(-7, 2), pow(3, 4, 5), round(2.5), round(3.5), round(-0.5), abs(-3))
print(int('ff', 16), int('0x1f', 0), int('  42  '), float('1e3'), str(1.5e20), 1e-7)
print(hex(255), oct(8), bin(5), chr(65), ord('a'))
print("%5.2f|%-5d|%x|%s|%r" % (3.14159, 42, 255, 'hi', 'hi'))
print("{:>8}|{:<6}|{:^7}|{:08.3f}|{:,}".format('r', 'l', 'c', 3.14159, 1234567))
print(f"{'nested'!r:>10} {3+4=}")
import sys
print(type(sys.argv).__name__)
try:
    raise ValueError("bad", 2)
except ValueError as e:
    print(e.args, str(e), repr(e))
class E(Exception):
    def __init__(self, code): super().__init__("code %d" % code); self.code = code
try:
    raise E(7)
except Exception as e:
    print(type(e).__name__, e, e.code, e.args)
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("gen cleanup")
g = gen(); print(next(g)); g.close(); print("closed")
print(list(zip('abc', range(10))), list(enumerate('xy', 1)), list(map(lambda a, b: a * b, [1, 2], [3, 4])))
print(any(x > 2 for x in [1, 2, 3]), all([]), sum([0.5, 0.25]), max('abc'), min([3, 1, 2], key=lambda v: -v))
print(sorted(['b', 'A', 'c'], key=str.lower), sorted([3, 1, 2], reverse=True))
x = 10
def scope():
    x = 1
    def inner(): return x
    return inner()
print(scope(), x)
print((lambda *a, **k: (a, k))(1, 2, z=3))
print([i for i in range(10) if i % 2 if i > 3], {i: i * i for i in range(3)}, {c for c in 'aab'} == {'a', 'b'})
print(1 < 2 < 3, 1 < 3 < 2, 'a' in 'cat', 3 not in [1, 2])
print(2 ** -1, 7 // -2, -7 % 3, 1e300 * 1e10, -(2 ** 63), 2 ** 64 // 3, (2 ** 64) % 1000, -2 ** 2)
print(0.1 + 0.2, 1 / 3, 10 / 4, 2.0 ** 0.5, 1e16, 123456789.0 * 10)
print(str(None), repr(None), bool(''), bool([0]), not None)
print("a,b,,c".split(","), "  x  y ".split(), "abc".upper().lower(), "x".join(["1", "2"]), "abc"[::-1])
while True:
    break
else:
    print("no")
for i in []:
    pass
else:
    print("for-else")
