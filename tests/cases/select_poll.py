# select.poll on the console: stdout is always writable; stdin becomes readable once input
# arrives (the test runner feeds none and closes it, so it reads as at end of input).
import io
import select
import sys

print(select.POLLIN, select.POLLOUT, select.POLLERR, select.POLLHUP)
p = select.poll()
p.register(sys.stdout, select.POLLOUT)
print(p.poll(0) == [(sys.stdout, select.POLLOUT)])
p.unregister(sys.stdout)
print(p.poll(5))
try:
    p.modify(sys.stdout, select.POLLIN)
except OSError as e:
    print('OSError', e.args[0])


class Flagged(io.IOBase):
    # MicroPython's stream poll: ioctl(3, mask) returns the ready events.
    def __init__(self):
        self.ready = 0

    def ioctl(self, req, arg):
        return self.ready & arg if req == 3 else -1


f = Flagged()
p.register(f, select.POLLIN)
print(p.poll(10))
f.ready = select.POLLIN
print([(o is f, ev) for o, ev in p.ipoll(0)])
print(select.select([f], [sys.stdout], [], 0) == ([f], [sys.stdout], []))
