# MicroPython's asyncio extras: sleep_ms ordering on virtual time, wait_for_ms,
# ThreadSafeFlag (set from a scheduled callback), current_task, the event-loop object and
# the handler for exceptions nobody awaited.
import asyncio
import micropython
import time

order = []


async def tick(name, ms):
    await asyncio.sleep_ms(ms)
    order.append(name)
    return ms


async def main():
    t0 = time.ticks_ms()
    r = await asyncio.gather(tick('c', 30), tick('a', 10), tick('b', 20), tick('now', 0))
    print(r, order)
    print(time.ticks_diff(time.ticks_ms(), t0) >= 30)
    try:
        await asyncio.wait_for_ms(tick('late', 50), 10)
    except asyncio.TimeoutError:
        print('wait_for_ms timed out')
    print(await asyncio.wait_for_ms(tick('soon', 5), 50))
    print(asyncio.current_task() is not None)

    flag = asyncio.ThreadSafeFlag()

    async def flag_waiter():
        await flag.wait()
        return 'flag seen'

    t = asyncio.create_task(flag_waiter())
    await asyncio.sleep_ms(5)
    print('waiting:', t.done())
    micropython.schedule(lambda _: flag.set(), None)
    print(await t)
    flag.set()
    await flag.wait()
    print('already set, then cleared:', flag.state)


asyncio.run(main())

try:
    asyncio.current_task()
except RuntimeError as e:
    print('RuntimeError', e)

loop = asyncio.get_event_loop()
print(loop is asyncio.get_event_loop(), loop is asyncio.new_event_loop())
print(loop.run_until_complete(tick('ruc', 1)))


async def boom():
    raise ValueError('nobody awaited me')


def handler(loop, context):
    e = context['exception']
    print('handler:', context['message'], type(e).__name__, e, context['future'].done())


async def detach():
    asyncio.create_task(boom())
    await asyncio.sleep_ms(10)
    return 'detached'


loop.set_exception_handler(handler)
print(loop.get_exception_handler() is handler)
print(asyncio.run(detach()))


async def stopper():
    await asyncio.sleep_ms(5)
    print('stopping')
    loop.stop()


loop.create_task(stopper())
loop.run_forever()
print('run_forever returned')
