from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
last_press = time.ticks_ms() - 1000


def pressed(pin):
    global last_press
    now = time.ticks_ms()
    if time.ticks_diff(now, last_press) > 200:
        last_press = now
        led.value(not led.value())


button.irq(trigger=Pin.IRQ_FALLING, handler=pressed)

while True:
    time.sleep_ms(100)
