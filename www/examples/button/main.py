# Button: each press of the button on GPIO4 toggles the LED on GPIO2.
# The interrupt fires on the falling edge; presses closer than 200 ms are bounces.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
last = time.ticks_ms()


def on_press(pin):
    global last
    now = time.ticks_ms()
    if time.ticks_diff(now, last) > 200:
        last = now
        led.value(not led.value())
        print("pressed, LED", "on" if led.value() else "off")


button.irq(trigger=Pin.IRQ_FALLING, handler=on_press)
print("Press the button")
while True:
    time.sleep_ms(100)
