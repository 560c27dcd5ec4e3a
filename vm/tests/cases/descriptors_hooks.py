class Desc:
    def __init__(self, default): self.default = default
    def __set_name__(self, owner, name): self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None: return self
        return getattr(obj, self.name, self.default)
    def __set__(self, obj, value): setattr(obj, self.name, value * 10)
class M:
    x = Desc(5)
m = M(); print(m.x); m.x = 2; print(m.x, m._x)
class Base:
    registry = []
    def __init_subclass__(cls, **kw):
        super().__init_subclass__()
        Base.registry.append(cls.__name__)
class S1(Base): pass
class S2(Base): pass
print(Base.registry)
class A:
    @classmethod
    def create(cls): return "A.create:" + cls.__name__
class B(A):
    @classmethod
    def create(cls): return "B+" + super().create()
print(B.create(), B().create())
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Singleton() is Singleton())
class Temp:
    def __init__(self): self._c = 0
    @property
    def c(self): return self._c
    @c.setter
    def c(self, v):
        if v < -273: raise ValueError("too cold")
        self._c = v
t = Temp(); t.c = 5
try:
    t.c = -300
except ValueError as e:
    print("VE", e)
print(t.c)
class Cmp:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v < o.v
    def __gt__(self, o): return self.v > o.v
    def __repr__(self): return "C%d" % self.v
print(sorted([Cmp(3), Cmp(1), Cmp(2)]), max(Cmp(1), Cmp(9)), min([Cmp(4), Cmp(2)]))
import sys
print(hasattr(sys, "exit"), getattr(sys, "nope", "dflt"))
def kwonly(*, a, b=2): return a + b
print(kwonly(a=1), kwonly(b=5, a=1))
try:
    kwonly(1)
except TypeError:
    print("TypeError kwonly")
def posonly(a, b, /, c): return a + b + c
print(posonly(1, 2, c=3))
print(type(None).__name__, type(...).__name__, type(NotImplemented).__name__)
x = 5
def f():
    print(x)
    x = 3
try:
    f()
except NameError as e:
    print("unbound", type(e).__name__ in ("UnboundLocalError", "NameError"))
