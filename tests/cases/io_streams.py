# io.StringIO and io.BytesIO beyond the corpus: positions, overwrites, iteration, errors.
import io

s = io.StringIO('hello world')
print(s.tell(), s.read(5), s.tell(), repr(s.read(0)), s.read(), repr(s.read()))
s.seek(6)
print(s.write('WORLD'), s.getvalue(), s.tell())
s.seek(0)
s.write('J')
print(s.getvalue())
s.seek(0, 2)
s.write('!')
s.write('?')
print(s.getvalue(), s.tell())

t = io.StringIO()
for i in range(5):
    t.write('line %d\n' % i)
t.seek(0)
print(t.readline(), end='')
print(repr(t.readline(3)), repr(t.readline()))
print([x for x in t])
print(repr(t.readline()), repr(t.read()))
t.seek(0)
print(len(t.readlines()))

u = io.StringIO('no newline at end')
print(list(u))
print(repr(io.StringIO().getvalue()), repr(io.StringIO('').read()))

with io.StringIO('ctx') as c:
    print(c.read())
print(c.closed)
for op in [lambda: c.read(), lambda: c.write('x'), lambda: c.getvalue(), lambda: c.tell(), lambda: c.seek(0)]:
    try:
        op()
    except ValueError as e:
        print('ValueError', e)

try:
    io.StringIO().write(5)
except TypeError:
    print('TypeError write int')
try:
    io.StringIO(b'x')
except TypeError:
    print('TypeError bytes initial')
try:
    io.StringIO().seek(-1)
except ValueError:
    print('ValueError negative seek')

b = io.BytesIO(b'abc\ndef\n')
print(b.readline(), b.read(2), b.tell(), b.read(), b.read())
b.seek(1)
b.write(b'XY')
print(b.getvalue())
b.seek(10)
b.write(b'Z')
print(b.getvalue())
buf = bytearray(4)
b.seek(0)
print(b.readinto(buf), buf)
print([line for line in io.BytesIO(b'1\n2\n3')])
b2 = io.BytesIO()
b2.write(bytearray(b'ba'))
b2.write(b'r')
print(b2.getvalue(), type(b2.getvalue()).__name__, type(b2.read()).__name__)
try:
    b2.write('str')
except TypeError:
    print('TypeError write str')
b2.close()
try:
    b2.getvalue()
except ValueError:
    print('ValueError closed')
# MicroPython seeks relative to the current position or the end of a StringIO (CPython only
# allows offset 0 there); going before the start stops at 0.
r = io.StringIO('abcdef')
print(r.seek(-3, 2), r.read(), r.seek(-100, 1), r.tell(), r.seek(2, 1), r.read(1))
print(isinstance(io.StringIO(), io.IOBase), isinstance(io.BytesIO(), io.IOBase))
