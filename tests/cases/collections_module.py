# collections beyond the corpus: deque growth and wrap-around, bounded deques at both ends,
# namedtuple construction errors and helpers, OrderedDict's own methods.
from collections import deque, namedtuple, OrderedDict

d = deque()
for i in range(20):
    d.append(i)
    d.appendleft(-i)
print(len(d), d[0], d[-1], d[19], d[20], list(d)[:5])
while len(d) > 3:
    d.pop()
    d.popleft()
print(list(d), d, 0 in d, 5 in d)
d.extendleft([7, 8])
d[1] = 'x'
print(list(d), d.count(0), d.maxlen)
d.rotate(2)
print(list(d))
d.remove('x')
print(list(d))
d.clear()
print(list(d), len(d), bool(d))

b = deque([1, 2, 3], 3)
b.append(4)
print(list(b), b)
b.appendleft(0)
print(list(b))
b.extend(b)
print(list(b), b.maxlen)
z = deque((), 0)
z.append(1)
z.appendleft(2)
print(list(z), len(z))
# Wrap-around: the ring buffer's head moves through every slot.
r = deque((), 4)
for i in range(11):
    r.append(i)
    if i % 3 == 0:
        r.popleft()
print(list(r), r[0], r[-1], deque([1, 2]) == deque([1, 2]), deque([1]) == [1])

def err(fn, *args, **kw):
    try:
        print('ok', fn(*args, **kw))
    except Exception as e:
        print(type(e).__name__)

err(deque().pop)
err(deque().popleft)
err(lambda: deque([1])[1])
err(lambda: deque([1])[-2])
err(lambda: deque([1])['a'])
err(deque, [], -1)
err(deque, [], 'x')

Point = namedtuple('Point', 'x, y')
p = Point(1, y=2)
print(p, Point._fields, p._asdict() == {'x': 1, 'y': 2}, p._replace(y=5), Point._make([7, 8]))
print(hash(p) == hash((1, 2)), {p: 'v'}[(1, 2)], p + (3,), p * 2, p.count(1), p.index(2))
print(p[::-1], p[:1], min(p), len(Point(*'ab')))
Single = namedtuple('Single', ['only'])
print(Single(0), Single(only=[]))
err(Point)
err(Point, 1, 2, 3)
err(Point, 1, x=2)
err(Point, 1, 2, z=3)
err(namedtuple, 'Bad', 'a a')
err(namedtuple, 'Bad', ['1x'])
err(namedtuple, 'Bad', '_a')
err(namedtuple, 'bad name', 'a')

def setx():
    p.x = 5
def setz():
    p.z = 5
err(setx)
err(setz)

od = OrderedDict(a=1)
od['b'] = 2
od['c'] = 3
od.move_to_end('a')
print(list(od))
od.move_to_end('c', last=False)
print(list(od), od.popitem(last=False), od.popitem(), list(od))
print(isinstance(od, dict), od == {'b': 2}, OrderedDict([(1, 2)]) == OrderedDict({1: 2}))
err(od.move_to_end, 'missing')
err(OrderedDict().popitem)
c = deque([5, 6, 7], 4)
c2 = c.copy()
c2.append(8)
c2.append(9)
print(c.index(6), list(c), list(c2), c2.maxlen, list(reversed(c2)))
err(c.index, 42)
