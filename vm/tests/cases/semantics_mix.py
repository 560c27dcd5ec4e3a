def gen():
    try:
        yield 1
        yield 2
    except GeneratorExit:
        print("exit seen")
        raise
    finally:
        print("finally in gen")
g = gen(); next(g); g.close()
def g2():
    for i in range(3):
        try:
            yield i
        finally:
            print("f", i)
print(list(g2()))
def counter():
    n = 0
    while True:
        n += 1
        cmd = yield n
        if cmd == "stop":
            return n * 100
c = counter(); next(c); next(c)
try:
    c.send("stop")
except StopIteration as e:
    print("returned", e.value)
print(next(c, "exhausted"))
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])
def deco(tag):
    def wrap(fn):
        def inner(*a, **k):
            return "%s(%s)" % (tag, fn(*a, **k))
        inner.__name__ = fn.__name__
        return inner
    return wrap
@deco("b")
@deco("i")
def text(s): return s
print(text("x"), text.__name__)
def cls_deco(c):
    c.tagged = True
    return c
@cls_deco
class T: pass
print(T.tagged)
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
        self.id = Counter.instances
a, b = Counter(), Counter()
print(a.id, b.id, Counter.instances, a.instances)
a.instances = 99
print(Counter.instances, a.instances)
class V:
    __slots__ = ("x",)
    def __init__(self, x): self.x = x
print(V(3).x)
try:
    [][1]
except IndexError as e:
    print("IndexError")
try:
    {}["k"]
except KeyError as e:
    print("KeyError", e.args)
try:
    int("z")
except ValueError:
    print("ValueError")
try:
    None.foo
except AttributeError:
    print("AttributeError")
try:
    undefined_name
except NameError:
    print("NameError")
try:
    1 + "a"
except TypeError:
    print("TypeError")
try:
    raise StopIteration
except StopIteration:
    print("StopIteration")
def f():
    try:
        return "a"
    finally:
        print("cleanup")
print(f())
def nested_finally():
    out = []
    for i in range(2):
        try:
            try:
                if i == 0:
                    continue
                out.append("body")
            finally:
                out.append("inner%d" % i)
        finally:
            out.append("outer%d" % i)
    return out
print(nested_finally())
def exc_in_except():
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise ValueError("from handler")
    except ValueError as e:
        return str(e)
print(exc_in_except())
x = [1, 2, 3]
x[1:1] = [9]
print(x, x.index(9), x.pop(0), x)
s = "abc"
print(s * 0, s[5:], s[-10:2], s[::2], "".join(reversed(s)))
print("{0}{1}{0}".format("a", "b"), "{name}".format(name="n"), "{:*^9}".format("mid"), "{!r}".format("q"))
print("%s %s" % ("a", [1]), "%d%%" % 50, "%5s|%-5s|" % ("r", "l"), "%03d" % 7, "%+d" % 5)
print(f"{1:04d}", f"{3.14159:.2f}", f"{'x':>3}", f"{10:x}", f"{255:#x}", f"{1e6:,.0f}", f"{0.5:.0%}")
print(sorted([(1, 'b'), (1, 'a'), (0, 'z')]), sorted("cba"), min((3, 'x'), (2, 'y')))
d = {}
d.setdefault("k", []).append(1)
print(d, list(map(str, [1, 2])), list(filter(None, [0, 1, 2, None])))
print(isinstance([], list), isinstance({}, dict), callable(len), callable(3))
print(chr(0x1F600) == "\U0001F600", len("\U0001F600"), "\x41\u0042")
print(round(1.2345, 2), round(-1.5), round(1234, -2), int("1_000"), 0o17, 0b101, 0xFF)
print(3 == 3.0, 1 == True, hash(1) == hash(1.0), {1: 'a', 1.0: 'b'})
print(type(1 + 2.0).__name__, type(2 ** 0.5).__name__, 7 // 2.0, -7 // 2.0, divmod(7.5, 2))
