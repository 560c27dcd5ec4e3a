# asyncio, part 2 of 4: gather and wait_for, on the task machinery of part 1.


class _Gathering:
    # The blocker of a task inside gather(): cancelling it wakes it (with CancelledError),
    # and there is no waiter list to leave.
    @staticmethod
    def remove(t):
        pass


# gather(*awaitables, return_exceptions=False): the tasks start now; awaiting the result
# waits for all of them and returns their results in order. Without return_exceptions the
# first exception is raised at once (the other tasks keep running, as in MicroPython).
def gather(*aws, return_exceptions=False):
    ts = [_promote(aw) for aw in aws]
    return _gather(ts, return_exceptions)


def _gather(ts, return_exceptions):
    me = cur_task
    state = [0, None]  # tasks still running, the first exception

    def on_done(t):
        if t.exc is not None and not return_exceptions and state[1] is None:
            state[1] = t.exc
        state[0] -= 1
        if (state[0] == 0 or state[1] is not None) and me.blocker is _Gathering:
            _queue.push(me)

    for t in ts:
        t.awaited = True
        if not t.done_:
            state[0] += 1
            t.waiters.append(on_done)
        elif t.exc is not None and not return_exceptions and state[1] is None:
            state[1] = t.exc
    if state[0] and state[1] is None:
        me.blocker = _Gathering
        try:
            yield
        except CancelledError:
            for t in ts:
                t.cancel()
            raise
        finally:
            for t in ts:
                if on_done in t.waiters:
                    t.waiters.remove(on_done)
    if state[1] is not None:
        raise state[1]
    return [t.value if t.exc is None else t.exc for t in ts]


def _wait(t, deadline):
    # Parks the current task both on t's completion and in the run queue at the deadline,
    # whichever comes first; True when t finished.
    me = cur_task
    if not t.done_:
        _queue.push(me, deadline)
        t.waiters.append(me)
        me.blocker = t
        try:
            yield
        finally:
            if me in t.waiters:
                t.waiters.remove(me)
    return t.done_


# wait_for(awaitable, timeout): its result, or TimeoutError (after cancelling it) when it
# takes longer than timeout seconds.
def wait_for(aw, timeout):
    return _wait_for(aw, timeout, 1000)


async def _wait_for(aw, timeout, scale):
    t = _promote(aw)
    t.awaited = True
    if timeout is None:
        return await t
    deadline = _add(_ticks(), max(0, int(timeout * scale)))
    if not await _wait(t, deadline):
        t.cancel()
        try:
            await t
        except CancelledError:
            pass
        raise TimeoutError
    if t.exc is not None:
        raise t.exc
    return t.value


# wait_for_ms(awaitable, timeout_ms)
def wait_for_ms(aw, timeout):
    return _wait_for(aw, timeout, 1)
