# Event, Lock, wait_for (timeout and in time), and exceptions inside tasks.
import asyncio

trace = []


async def setter(ev, delay):
    await asyncio.sleep(delay)
    trace.append('set')
    ev.set()


async def waiter(name, ev):
    trace.append(name + ' waits')
    r = await ev.wait()
    trace.append(name + ' woke ' + str(r))


async def holder(lock, name, steps):
    async with lock:
        trace.append(name + ' holds')
        for _ in range(steps):
            await asyncio.sleep(0)
        trace.append(name + ' releases')


async def slow(result, delay):
    try:
        await asyncio.sleep(delay)
        return result
    except asyncio.CancelledError:
        trace.append('slow cancelled')
        raise


async def fail(delay):
    await asyncio.sleep(delay)
    raise ValueError('inside task')


async def main():
    # Event: every waiter wakes on set(); wait() on a set event returns at once.
    ev = asyncio.Event()
    print(ev.is_set())
    await asyncio.gather(waiter('a', ev), waiter('b', ev), setter(ev, 0.01))
    print(trace, ev.is_set())
    trace.clear()
    print(await ev.wait())
    ev.clear()
    print(ev.is_set())

    # Lock: FIFO hand-over, locked() while held, release when not held is an error.
    lock = asyncio.Lock()
    await asyncio.gather(holder(lock, 'x', 2), holder(lock, 'y', 1), holder(lock, 'z', 0))
    print(trace, lock.locked())
    trace.clear()
    await lock.acquire()
    print(lock.locked())
    lock.release()
    print(lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print('RuntimeError', e)

    # wait_for: a timeout cancels the awaitable and raises TimeoutError.
    try:
        await asyncio.wait_for(slow('late', 0.05), 0.01)
    except asyncio.TimeoutError:
        print('TimeoutError', trace)
    trace.clear()
    print(await asyncio.wait_for(slow('early', 0.01), 0.05))
    print(await asyncio.wait_for(slow('no timeout', 0), None))
    t = asyncio.create_task(slow('task', 0.01))
    print(await asyncio.wait_for(t, 1), t.done())
    # An exception inside the awaited coroutine comes out of wait_for unchanged.
    try:
        await asyncio.wait_for(fail(0), 1)
    except ValueError as e:
        print('ValueError', e)
    print(issubclass(asyncio.TimeoutError, Exception))

    # Exceptions inside tasks: raised to the task that awaits it.
    t = asyncio.create_task(fail(0.01))
    print(t.done())
    try:
        await t
    except ValueError as e:
        print('awaited task raised', e)
    # gather with return_exceptions collects them in order.
    r = await asyncio.gather(fail(0), slow('ok', 0), return_exceptions=True)
    print([type(x).__name__ for x in r], r[1])


asyncio.run(main())

# An exception escaping the main coroutine comes out of asyncio.run.
try:
    asyncio.run(fail(0))
except ValueError as e:
    print('run raised', e)
