# asyncio, part 1 of 4: tasks, the run queue, sleeping and the scheduler loop.
# esprit's own implementation of MicroPython's asyncio API
# (https://docs.micropython.org/en/latest/library/asyncio.html). Coroutines are the VM's
# generators: a task's coroutine yields to the loop only after it has arranged its own
# wake-up (a place in the run queue, or a waiter list), and the loop sleeps with time.sleep_ms
# when nothing is ready, so the VM suspends on virtual time instead of spinning.

from time import ticks_ms as _ticks, ticks_diff as _diff, ticks_add as _add, sleep_ms as _idle
from _select import stdin_ready as _stdin_ready, wait_stdin as _wait_stdin
from _select import sleep_for_stdin as _idle_stdin, stdin_available as _stdin_available
import sys as _sys


class CancelledError(BaseException):
    pass


class TimeoutError(Exception):
    pass


class _RunQueue:
    # Tasks ordered by wake time (ticks_ms); equal times keep arrival order, so sleep(0) lets
    # every other ready task run first. Pushing "now" scans from the end, so it is O(1) in
    # the common case; sizes on a board are small enough for a plain list.
    def __init__(self):
        self.items = []

    def push(self, t, at=None):
        if t.queued:
            self.items.remove(t)
        if at is None:
            at = _ticks()
        t.at = at
        t.queued = True
        t.blocker = None
        items = self.items
        i = len(items)
        while i and _diff(items[i - 1].at, at) > 0:
            i -= 1
        items.insert(i, t)

    def remove(self, t):
        if t.queued:
            self.items.remove(t)
            t.queued = False


class Task:
    def __init__(self, coro, globals=None):
        self.coro = coro
        self.at = 0
        self.queued = False
        # What the task is parked on while not queued: None, a waiter list (Event, Lock), an
        # object with remove(task), or the Task it awaits (cancel is forwarded to that one).
        self.blocker = None
        self.pending = None  # an exception to throw in when it next runs (cancel)
        self.done_ = False
        self.value = None
        self.exc = None
        self.awaited = False
        self.waiters = []  # tasks awaiting this one, and callbacks (gather)
        self.io = None  # (stream, whole line wanted) while parked in _readers

    def __repr__(self):
        return "<Task>"

    def done(self):
        return self.done_

    def cancel(self):
        if self.done_:
            return False
        if self is cur_task:
            raise RuntimeError("can't cancel self")
        # A task awaiting another task is cancelled through the one it awaits, so the
        # CancelledError starts where the work is and unwinds both, as in MicroPython.
        t = self
        while isinstance(t.blocker, Task) and not t.blocker.done_:
            t = t.blocker
        b = t.blocker
        if b is not None:
            if isinstance(b, list):
                if t in b:
                    b.remove(t)
            else:
                b.remove(t)
        t.pending = CancelledError()
        _queue.push(t)
        return True

    # await task: park until it finishes, then return its result or raise its exception.
    def __await__(self):
        self.awaited = True
        if not self.done_:
            me = cur_task
            self.waiters.append(me)
            me.blocker = self
            try:
                yield
            finally:
                if me in self.waiters:
                    self.waiters.remove(me)
        if self.exc is not None:
            raise self.exc
        return self.value

    __iter__ = __await__


def _finish(t, value, exc):
    t.done_ = True
    t.value = value
    t.exc = exc
    t.coro = None
    waiters = t.waiters
    t.waiters = []
    for w in waiters:
        if isinstance(w, Task):
            _queue.push(w)
        else:
            w(t)
    if exc is not None and not waiters and not isinstance(exc, CancelledError):
        # Nobody waits yet: report it on the next pass unless a task awaits it by then.
        _unretrieved.append(t)


def _report(t):
    if not t.awaited:
        Loop.call_exception_handler(
            {"message": "Task exception wasn't retrieved", "exception": t.exc, "future": t}
        )


def _step(t):
    global cur_task
    cur_task = t
    exc = t.pending
    try:
        if exc is None:
            t.coro.send(None)
        else:
            t.pending = None
            t.coro.throw(exc)
    except StopIteration as e:
        cur_task = None
        _finish(t, e.value, None)
        return
    except (CancelledError, Exception) as e:
        cur_task = None
        _finish(t, None, e)
        return
    cur_task = None
    # A bare yield (or an awaitable that yields without parking the task) is a sleep(0).
    if not t.queued and t.blocker is None:
        _queue.push(t)


# sleep_ms(ms): awaitable; MicroPython's integer-milliseconds extension.
def sleep_ms(t):
    _queue.push(cur_task, _add(_ticks(), max(0, t)))
    yield


# sleep(seconds)
def sleep(t):
    return sleep_ms(int(t * 1000))


def _promote(aw):
    return aw if isinstance(aw, Task) else create_task(aw)


def create_task(coro):
    if not hasattr(coro, "send"):
        raise TypeError("coroutine expected")
    t = Task(coro)
    _queue.push(t)
    return t


def _is_stdin(s):
    return s is _sys.stdin or s is _sys.stdin.buffer


def _readable(s, line):
    if _is_stdin(s):
        return _stdin_ready(line)
    ioctl = getattr(s, "ioctl", None)
    if ioctl is None:
        return True
    r = ioctl(3, 1)  # MP_STREAM_POLL, POLLIN
    return bool(r and r > 0 and r & 1)


# Awaitable: parks the current task until stream `s` can be read without blocking (a whole
# line with `line`): what MicroPython's IOQueue.queue_read does.
def _io_wait(s, line=False):
    if _readable(s, line):
        return
    me = cur_task
    me.io = (s, line)
    _readers.append(me)
    me.blocker = _readers
    try:
        yield
    finally:
        me.io = None


def _wake_readers():
    for t in _readers[:]:
        if _readable(t.io[0], t.io[1]):
            _readers.remove(t)
            t.blocker = None
            _queue.push(t)


# Waits (the VM suspended, not spinning) for the first of: the earliest task's time `dt` ms
# from now (None: no timed task), input for a stdin reader, a ThreadSafeFlag (polled every
# millisecond, since IRQs set them), another stream's data (polled likewise).
def _pause(dt):
    polled = _flags or any(not _is_stdin(t.io[0]) for t in _readers)
    if polled:
        _idle(1 if dt is None else min(dt, 1))
    elif not _readers:
        _idle(1 if dt is None else dt)
    elif dt is None:
        _wait_stdin(all(t.io[1] for t in _readers))
    else:
        _idle_stdin(dt)


# Runs tasks until `main` is done (or, without one, until stop()). When nothing is ready the
# loop waits (see _pause) until the earliest wake time or input for a reader.
def _run(main):
    global _stopping
    _stopping = False
    while True:
        items = _queue.items
        if main is not None and main.done_:
            break
        if main is None and _stopping:
            break
        if _unretrieved:
            for t in _unretrieved[:]:
                _unretrieved.remove(t)
                _report(t)
            continue
        if _flags:
            for f in _flags[:]:
                if f.state:
                    _flags.remove(f)
                    f.task.blocker = None
                    _queue.push(f.task)
        if _readers:
            _wake_readers()
        if not items:
            _pause(None)
            continue
        t = items[0]
        dt = _diff(t.at, _ticks())
        if dt > 0:
            _pause(dt)
            continue
        items.pop(0)
        t.queued = False
        if not t.done_:
            _step(t)
    if main is None:
        return None
    main.awaited = True
    if main.exc is not None:
        raise main.exc
    return main.value


# run(coro): run it as the main task and return its result.
def run(coro):
    return _run(create_task(coro))


async def _forever():
    pass


class Loop:
    _exc_handler = None

    @staticmethod
    def create_task(coro):
        return create_task(coro)

    @staticmethod
    def run_forever():
        _run(None)

    @staticmethod
    def run_until_complete(aw):
        return _run(_promote(aw))

    @staticmethod
    def stop():
        global _stopping
        _stopping = True

    @staticmethod
    def close():
        pass

    @staticmethod
    def set_exception_handler(handler):
        Loop._exc_handler = handler

    @staticmethod
    def get_exception_handler():
        return Loop._exc_handler

    @staticmethod
    def default_exception_handler(loop, context):
        print(context["message"], file=_sys.stderr)
        print("future:", context["future"], "coro=", context["future"].coro, file=_sys.stderr)
        _sys.print_exception(context["exception"], _sys.stderr)

    @staticmethod
    def call_exception_handler(context):
        (Loop._exc_handler or Loop.default_exception_handler)(Loop, context)


def get_event_loop(runq_len=0, waitq_len=0):
    return Loop


def current_task():
    if cur_task is None:
        raise RuntimeError("no running event loop")
    return cur_task


def new_event_loop():
    global _queue, _unretrieved, _flags, _readers
    _queue = _RunQueue()
    _unretrieved = []  # tasks that ended with an exception nobody has awaited yet
    _flags = []  # ThreadSafeFlags a task waits on
    _readers = []  # tasks waiting for a stream to be readable (Task.io says which)
    return Loop


cur_task = None
_stopping = False
new_event_loop()
