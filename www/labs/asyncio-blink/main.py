# Lab: asyncio with two blinking LEDs and a button
# Red LED on GPIO2, green LED on GPIO4, blue LED on GPIO5, button on GPIO15 (to GND).
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
    # TODO: every 10 ms, look at the button; when it goes from released (1) to
    # pressed (0), toggle the blue LED.
    pass


async def main():
    asyncio.create_task(blink(red, 1000))
    # TODO: also blink the green LED with a period of 400 ms, and watch the button.
    while True:
        await asyncio.sleep(1)


asyncio.run(main())
