# Task.cancel: CancelledError is raised inside the task at its await, cleanup runs, and
# awaiting the task raises CancelledError; cancel() of a finished task returns False.
import asyncio

log = []


async def worker(name):
    try:
        log.append(name + ' start')
        await asyncio.sleep(1)
        log.append(name + ' not reached')
    except asyncio.CancelledError:
        log.append(name + ' cancelled')
        raise
    finally:
        log.append(name + ' cleanup')


async def swallow():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        return 'swallowed'


async def quick():
    return 42


async def waiter(ev):
    await ev.wait()
    return 'never'


async def outer(inner_task):
    # Cancelling a task that awaits another task cancels the one it awaits.
    return await inner_task


async def main():
    t = asyncio.create_task(worker('a'))
    await asyncio.sleep(0)
    print('done before cancel:', t.done())
    print('cancel returns', t.cancel())
    try:
        await t
    except asyncio.CancelledError:
        print('await raised CancelledError')
    print('done after cancel:', t.done())
    print(log)

    # Cancelled before it ever ran: the coroutine never starts.
    log.clear()
    t = asyncio.create_task(worker('b'))
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('cancelled before start', log)

    # A task may catch CancelledError and return a value instead.
    t = asyncio.create_task(swallow())
    await asyncio.sleep(0)
    t.cancel()
    print('result', await t)

    # cancel() of a finished task does nothing.
    t = asyncio.create_task(quick())
    print(await t, t.cancel(), t.done())

    # A task waiting on an Event leaves the event's queue when cancelled.
    ev = asyncio.Event()
    t = asyncio.create_task(waiter(ev))
    await asyncio.sleep(0)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print('event waiter cancelled')
    ev.set()
    await asyncio.sleep(0)

    # Cancel is forwarded to the awaited task.
    log.clear()
    inner = asyncio.create_task(worker('inner'))
    out = asyncio.create_task(outer(inner))
    await asyncio.sleep(0)
    out.cancel()
    for t in (out, inner):
        try:
            await t
        except asyncio.CancelledError:
            print('cancelled', t is inner, t.done())
    print(log)

    # CancelledError is a BaseException: except Exception does not catch it.
    print(issubclass(asyncio.CancelledError, Exception), issubclass(asyncio.CancelledError, BaseException))


asyncio.run(main())
