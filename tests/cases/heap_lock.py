# micropython.heap_lock(): allocation raises MemoryError until heap_unlock(); locks nest; the
# exception path (except, except-as, finally, other exceptions) keeps working. Functions and
# globals are made before locking: the lock stops those too.
import micropython


def attempt():
    try:
        print([])
    except MemoryError as e:
        return type(e).__name__


def work(n):
    micropython.heap_lock()
    try:
        return n * 2 + 1
    finally:
        micropython.heap_unlock()


def handler(d):
    micropython.heap_lock()
    caught = 0
    for attempt in range(3):
        try:
            d['k%d' % attempt] = attempt
        except MemoryError:
            caught += 1
    micropython.heap_unlock()
    return caught


def deep(n):
    if n == 0:
        return [n]
    return deep(n - 1)


l = []
l2 = list(range(100))
kind = kind2 = where = x = i = None
counts = [0, 0]
values = [1, 2, 3]

micropython.heap_lock()
micropython.heap_lock()
try:
    print([])
except MemoryError:
    print("MemoryError")
try:
    l.extend(l2)
except MemoryError:
    print("MemoryError extend")
print(micropython.heap_unlock())
print(attempt())
print(micropython.heap_unlock())
print([], len(l))

print(work(20))
print(handler({}))

# Other exceptions still propagate, and can be caught while locked.
micropython.heap_lock()
try:
    1 // 0
except ZeroDivisionError:
    kind = 'ZeroDivisionError'
try:
    raise ValueError
except ValueError:
    kind2 = 'ValueError'
try:
    deep(5)
except MemoryError:
    where = 'deep'
micropython.heap_unlock()
print(kind, kind2, where)

# Small-int arithmetic on existing objects needs no allocation.
micropython.heap_lock()
for i in values:
    counts[i % 2] += i
x = counts[0] * 10 + counts[1]
micropython.heap_unlock()
print(counts, x)
