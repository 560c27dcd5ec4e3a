class Ctx:
    def __init__(self, n, swallow=False): self.n = n; self.swallow = swallow
    def __enter__(self): print("enter", self.n); return self
    def __exit__(self, t, v, tb): print("exit", self.n, t.__name__ if t else None); return self.swallow
with Ctx(1) as a, Ctx(2) as b:
    print("body", a.n, b.n)
with Ctx(3, True):
    raise KeyError("x")
print("after")
def f():
    for i in range(3):
        with Ctx(i):
            if i == 1:
                return "ret"
print(f())
def g():
    try:
        return 1
    finally:
        print("finally g")
print(g())
def h():
    for i in range(3):
        try:
            continue
        finally:
            print("cont", i)
h()
try:
    try:
        raise ValueError("a")
    except ValueError:
        raise TypeError("b")
except TypeError as e:
    print(type(e.__context__).__name__)
try:
    raise RuntimeError("x") from KeyError("y")
except RuntimeError as e:
    print(type(e.__cause__).__name__)
class Num:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __radd__(self, o): return Num(o + self.v)
    def __eq__(self, o): return isinstance(o, Num) and self.v == o.v
    def __lt__(self, o): return self.v < o.v
    def __repr__(self): return "Num(%d)" % self.v
    def __hash__(self): return hash(self.v)
    def __neg__(self): return Num(-self.v)
    def __bool__(self): return self.v != 0
    def __len__(self): return abs(self.v)
    def __iter__(self): return iter(range(self.v))
    def __contains__(self, x): return x == 42
    def __getitem__(self, i): return i * 2
    def __call__(self, *a): return sum(a) + self.v
print(Num(1) + Num(2), 5 + Num(1), Num(1) + 5, sorted([Num(3), Num(1)]), -Num(4), bool(Num(0)), len(Num(-3)))
print(list(Num(3)), 42 in Num(1), Num(1)[5], Num(1)(2, 3), {Num(1): 'a'}[Num(1)], Num(2) == Num(2), Num(2) != Num(3))
print(sum([Num(1), Num(2)], Num(0)), max([Num(1), Num(5), Num(2)]))
class Base:
    count = 0
    def __init__(self): Base.count += 1
    @classmethod
    def make(cls): return cls()
    @staticmethod
    def helper(x): return x * 2
class Child(Base): pass
c = Child.make(); print(type(c).__name__, Base.count, Child.helper(4), c.helper(5))
class A:
    def who(self): return "A"
class B(A):
    def who(self): return "B" + super().who()
class C(A):
    def who(self): return "C" + super().who()
class D(B, C):
    def who(self): return "D" + super().who()
print(D().who(), [k.__name__ for k in D.__mro__])
print(issubclass(D, A), isinstance(D(), C), D.__bases__[0].__name__)
def gen():
    x = 0
    while True:
        try:
            x = yield x
        except ValueError:
            x = -1
g = gen(); next(g); print(g.send(5), g.throw(ValueError), g.send(3))
def g2():
    yield from range(3)
    return "done"
def g3():
    r = yield from g2()
    yield r
print(list(g3()))
it = iter([1, 2]); print(next(it), next(it), next(it, 'end'))
s = "Hello, World"
print(s.find("o"), s.rfind("o"), s.count("l"), s.replace("l", "L", 2), s.startswith(("x", "He")), s[1:8:2], s[-3:])
print(s.partition(", "), s.center(20, "*"), s.zfill(15), "a\tb".split("\t"), s.lower().title(), "abc".index("c"))
print(" x ".strip(), "xxhixx".strip("x"), "12".isdigit(), "ab".isalpha(), "  ".isspace(), "AB".isupper())
print("%(a)s-%(b)d" % {'a': 'x', 'b': 3}, "%c%c" % (72, 'i'), "%.3e" % 12345.678, "%g" % 0.0001)
b = bytearray(b"abc"); b[0] = 65; b.append(68); print(b, bytes(b), b.decode(), list(b"hi"), b"x" * 3)
print(len("héllo"), "héllo"[1], "héllo".upper(), "é".encode())
t = (1, 2, 3); print(t.index(2), t.count(3), t + (4,), t * 2, t[::-1], hash(t) == hash((1, 2, 3)))
fs = frozenset([1, 2]); print(fs | {3} == {1, 2, 3}, {1, 2} & {2, 3}, {1, 2} - {2}, {1, 2} ^ {2, 3}, {1} <= {1, 2})
print(sorted(set("hello")), {1, 2}.issubset([1, 2, 3]), len({(1, 2), (1, 2)}))
d = dict(a=1, b=2); d.update(c=3); print(sorted(d), d.get('z', 0), d.pop('a'), d.setdefault('e', 5), 'b' in d)
print(list(d.keys()), list(d.values()), list(d.items()))
print(dict(zip('ab', [1, 2])), dict([('x', 1)]), {}.get(1))
print(int(3.9), int(-3.9), float(2), 7 / 7, 3 // 1.5, 5 % 2.5, int(True))
print(10 ** 20, -10 ** 20 // 7, 12345678901234567890 % 97, (1 << 70) >> 65, ~5, -1 & 0xff, 1 ^ 3 | 4)
