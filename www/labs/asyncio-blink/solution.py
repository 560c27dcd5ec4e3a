import asyncio
from machine import Pin

red = Pin(2, Pin.OUT)
green = Pin(4, Pin.OUT)
blue = Pin(5, Pin.OUT)
button = Pin(15, Pin.IN, Pin.PULL_UP)


async def blink(led, period_ms):
    while True:
        led.toggle()
        await asyncio.sleep_ms(period_ms // 2)


async def watch_button():
    was = button.value()
    while True:
        now = button.value()
        if was == 1 and now == 0:
            blue.toggle()
        was = now
        await asyncio.sleep_ms(10)


async def main():
    asyncio.create_task(blink(red, 1000))
    asyncio.create_task(blink(green, 400))
    asyncio.create_task(watch_button())
    while True:
        await asyncio.sleep(1)


asyncio.run(main())
