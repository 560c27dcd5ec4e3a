# asyncio, part 3 of 4: Event, Lock and ThreadSafeFlag.


class Event:
    def __init__(self):
        self.state = False
        self.waiting = []

    def is_set(self):
        return self.state

    # Wakes every waiting task. Only from the loop's own tasks; IRQs use ThreadSafeFlag.
    def set(self):
        self.state = True
        waiting = self.waiting
        self.waiting = []
        for t in waiting:
            _queue.push(t)

    def clear(self):
        self.state = False

    # await event.wait(): True once the event is set.
    def wait(self):
        if not self.state:
            me = cur_task
            self.waiting.append(me)
            me.blocker = self.waiting
            yield
        return True


class Lock:
    def __init__(self):
        self.state = 0  # 0 unlocked, 1 locked, or the Task the lock was handed to
        self.waiting = []

    def locked(self):
        return self.state == 1

    # Hands the lock straight to the first waiter, so a task that arrives later can't
    # overtake the queue.
    def release(self):
        if self.state != 1:
            raise RuntimeError("Lock not acquired")
        if self.waiting:
            t = self.waiting.pop(0)
            self.state = t
            _queue.push(t)
        else:
            self.state = 0

    # await lock.acquire()
    def acquire(self):
        if self.state != 0:
            me = cur_task
            self.waiting.append(me)
            me.blocker = self.waiting
            try:
                yield
            except CancelledError:
                if self.state is me:
                    # Cancelled after the lock was handed over: pass it on.
                    self.state = 1
                    self.release()
                raise
        self.state = 1
        return True

    async def __aenter__(self):
        return await self.acquire()

    async def __aexit__(self, exc_type, exc, tb):
        self.release()


# A flag that IRQ handlers and scheduled callbacks may set; set() only stores a flag and the
# loop polls it, so it never touches the run queue from outside the loop. wait() clears it.
class ThreadSafeFlag:
    def __init__(self):
        self.state = 0
        self.task = None

    def set(self):
        self.state = 1

    def clear(self):
        self.state = 0

    # await flag.wait()
    def wait(self):
        if not self.state:
            if self.task is not None:
                raise RuntimeError("can't wait")
            me = cur_task
            self.task = me
            _flags.append(self)
            me.blocker = self
            try:
                yield
            finally:
                self.task = None
                if self in _flags:
                    _flags.remove(self)
        self.state = 0

    # The blocker protocol: a cancelled waiter leaves the flag.
    def remove(self, t):
        if self in _flags:
            _flags.remove(self)
