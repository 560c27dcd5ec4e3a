# Heap bytes taken by four shapes of data, as gc.mem_alloc() tells after a collection.
# Run by `cargo xtask bench` under esprit and MicroPython; prints `name bytes` lines.
import gc


class Point:
    def __init__(self, i):
        self.x = i
        self.y = i


def measure(name, make):
    gc.collect()
    before = gc.mem_alloc()
    keep = make()
    gc.collect()
    print(name, gc.mem_alloc() - before)
    return keep


measure("list_1000_ints", lambda: list(range(1000)))
measure("dict_100", lambda: {i: i for i in range(100)})
measure("instances_100", lambda: [Point(i) for i in range(100)])
measure("str_1k", lambda: "x" * 1024)
