# micropython: const, opt_level, the heap and qstr reports, schedule, and the calls that
# exist for compatibility.
import micropython
from micropython import const

X = const(42)
print(X, const('s'))
print(micropython.opt_level())
print(micropython.opt_level(2), micropython.opt_level())
micropython.opt_level(0)
print(micropython.heap_lock(), micropython.heap_unlock())
print(micropython.alloc_emergency_exception_buf(100), micropython.kbd_intr(3), micropython.kbd_intr(-1))

calls = []
micropython.schedule(calls.append, 'scheduled')
for _ in range(3):
    pass
print(calls)
