# Instance attributes stored by the class's layout: set, get, delete, re-set, many names,
# different orders in different instances, __dict__/dir, and subclasses of built-ins.
class P:
    def __init__(self, i):
        self.x = i
        self.y = i * 2

a = P(1)
b = P(2)
b.z = 'z'
print(a.x, a.y, b.x, b.y, b.z, hasattr(a, 'z'))
del a.x
print(hasattr(a, 'x'), sorted(a.__dict__.items()))
try:
    del a.x
except AttributeError:
    print('AttributeError on second del')
try:
    print(a.x)
except AttributeError:
    print('AttributeError x')
a.x = 10
print(a.x, sorted(a.__dict__.items()))

# Another instance sets names in another order and skips some.
class Q:
    pass
q1 = Q()
q1.a = 1; q1.b = 2; q1.c = 3
q2 = Q()
q2.c = 'c'; q2.d = 'd'
print(sorted(q1.__dict__.items()), sorted(q2.__dict__.items()))
print(hasattr(q2, 'a'), getattr(q2, 'b', 'none'))

# More names than a class's layout holds: the rest still work.
class Bag:
    pass
bags = [Bag() for _ in range(3)]
for n in range(60):
    for k, bag in enumerate(bags):
        if (n + k) % 2 == 0:
            setattr(bag, 'f%d' % n, n * 10 + k)
for k, bag in enumerate(bags):
    names = [n for n in dir(bag) if n.startswith('f')]
    print(k, len(names), getattr(bag, 'f0', None), getattr(bag, 'f59', None), getattr(bag, 'f58', None))
delattr(bags[0], 'f58')
bags[0].f58 = 'again'
delattr(bags[0], 'f40')
print(hasattr(bags[0], 'f40'), bags[0].f58, len(bags[0].__dict__))
print(sum(v for k, v in bags[1].__dict__.items() if k.startswith('f')))

# A subclass of a built-in type keeps its value beside its attributes.
class Tagged(list):
    def __init__(self, items, tag):
        super().__init__(items)
        self.tag = tag
        self.count_ = len(items)
t = Tagged([3, 1, 2], 'T')
t.append(4)
t.extra = {'k': 1}
print(t, t.tag, t.count_, len(t), sorted(t), t.extra)
print(sorted(t.__dict__.items()))
class D(dict):
    pass
d = D(a=1)
d.note = 'n'
d['b'] = 2
print(sorted(d.items()), d.note)

# Attributes set by a class's methods and from outside, with many instances.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def move(self, dx):
        self.x += dx
        self.moved = True
pts = [Point(i, -i) for i in range(50)]
for p in pts[::7]:
    p.move(100)
print(sum(p.x for p in pts), [p.x for p in pts if hasattr(p, 'moved')])

# object.__setattr__/__delattr__ reach the same storage.
class Guarded:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value * 2)
    def __delattr__(self, name):
        object.__delattr__(self, name)
g = Guarded()
g.v = 4
print(g.v)
del g.v
print(hasattr(g, 'v'))
