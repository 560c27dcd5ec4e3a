# select: poll() and select() over sys.stdin, sys.stdout/stderr and objects with MicroPython's
# stream ioctl (ioctl(3, mask) answers which of the asked events are ready). Console input
# arrives only when the embedder feeds it, so an unbounded wait on stdin alone suspends the
# VM for input (RunOutcome::WaitingForInput), and a wait with a timeout on stdin alone sleeps
# until the timeout or the input (Vm::wants_input); waits on other objects look again every
# few milliseconds of virtual time.

import sys
from time import ticks_ms, ticks_diff, sleep_ms
from _select import stdin_ready, wait_stdin, sleep_for_stdin

POLLIN = 0x0001
POLLPRI = 0x0002
POLLOUT = 0x0004
POLLERR = 0x0008
POLLHUP = 0x0010

_STREAM_POLL = 3


def _ready(obj, mask):
    if obj is sys.stdin:
        return mask & POLLIN if stdin_ready() else 0
    if obj is sys.stdout or obj is sys.stderr:
        return mask & POLLOUT
    ioctl = getattr(obj, "ioctl", None)
    if ioctl is None:
        raise TypeError("object with stream.ioctl required")
    r = ioctl(_STREAM_POLL, mask)
    return mask & r if r and r > 0 else 0


class _Poll:
    def __init__(self):
        self.map = {}  # id(obj) -> [obj, mask]

    # poll.register(obj[, eventmask])
    def register(self, obj, eventmask=POLLIN | POLLOUT):
        self.map[id(obj)] = [obj, eventmask]

    # poll.unregister(obj)
    def unregister(self, obj):
        self.map.pop(id(obj), None)

    # poll.modify(obj, eventmask)
    def modify(self, obj, eventmask):
        e = self.map.get(id(obj))
        if e is None:
            raise OSError(2)  # ENOENT, as MicroPython raises
        e[1] = eventmask

    def _scan(self):
        out = []
        for obj, mask in self.map.values():
            ev = _ready(obj, mask)
            if ev:
                out.append((obj, ev))
        return out

    # poll.poll(timeout=-1): [(obj, event), ...]; timeout in milliseconds, -1 waits forever.
    def poll(self, timeout=-1):
        if timeout is None:
            timeout = -1
        start = ticks_ms()
        while True:
            r = self._scan()
            if r or timeout == 0:
                return r
            only_stdin = all(e[0] is sys.stdin for e in self.map.values())
            if timeout < 0:
                if only_stdin and self.map:
                    wait_stdin()
                else:
                    sleep_ms(10)
                continue
            left = timeout - ticks_diff(ticks_ms(), start)
            if left <= 0:
                return []
            if only_stdin and self.map:
                # Until the timeout, or until input comes.
                sleep_for_stdin(left)
            else:
                sleep_ms(min(left, 10))

    # poll.ipoll(timeout=-1, flags=0): an iterator over the same tuples.
    def ipoll(self, timeout=-1, flags=0):
        r = self.poll(timeout)
        if flags & 1:
            for obj, ev in r:
                self.map.pop(id(obj), None)
        return iter(r)


def poll():
    return _Poll()


# select.select(rlist, wlist, xlist[, timeout]): timeout in seconds.
def select(rlist, wlist, xlist, timeout=None):
    p = _Poll()
    for o in rlist:
        p.register(o, POLLIN)
    for o in wlist:
        e = p.map.get(id(o))
        if e is None:
            p.register(o, POLLOUT)
        else:
            e[1] |= POLLOUT
    ms = -1 if timeout is None else int(timeout * 1000)
    ready = p.poll(ms)
    r = [o for o, ev in ready if ev & POLLIN]
    w = [o for o, ev in ready if ev & POLLOUT]
    return (r, w, [])
