class P(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self): return self[0]
    def __repr__(self): return "P(%d, %d)" % self
p = P(1, 2)
print(p, p.x, len(p), p[1], list(p), p == (1, 2), p + (3,), hash(p) == hash((1, 2)), isinstance(p, tuple), p.count(1))
a, b = p; print(a, b)
class L(list):
    def total(self): return sum(self)
l = L([1, 2, 3]); l.append(4); print(l.total(), len(l), l[0], l, type(l).__name__, l[1:3], sorted(l, reverse=True))
class D(dict):
    def __missing__(self, k): return k * 2
d = D(a=1); print(d['a'], d['zz'], len(d), 'a' in d, sorted(d.keys()), d.get('q'))
class OD(dict):
    def __setitem__(self, k, v):
        super().__setitem__(k, v * 10)
o = OD(); o['x'] = 1; print(o['x'], o)
class MyInt(int):
    def double(self): return self * 2
m = MyInt(21); print(m.double(), m + 1, m == 21, str(m), m > 3)
class MyStr(str):
    def shout(self): return self.upper() + "!"
s = MyStr("hi"); print(s.shout(), len(s), s + "x", s == "hi")
class E(Exception):
    def __str__(self): return "custom!"
try:
    raise E(1)
except E as e:
    print(e, e.args)
print(int.__new__(int, 5), object.__new__(object).__class__.__name__)
