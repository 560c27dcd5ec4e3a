# asyncio: two LEDs blink at their own pace while a third task watches the button,
# all at once without threads.
import asyncio
from machine import Pin

red = Pin(2, Pin.OUT)
green = Pin(4, Pin.OUT)
blue = Pin(5, Pin.OUT)
button = Pin(15, Pin.IN, Pin.PULL_UP)


async def blink(led, period_ms):
    while True:
        led.value(not led.value())
        await asyncio.sleep_ms(period_ms // 2)


async def watch(pin):
    before = pin.value()
    while True:
        now = pin.value()
        if before and not now:
            blue.value(not blue.value())
            print("button: blue", "on" if blue.value() else "off")
        before = now
        await asyncio.sleep_ms(10)


async def main():
    asyncio.create_task(blink(red, 1000))
    asyncio.create_task(blink(green, 300))
    await watch(button)


asyncio.run(main())
