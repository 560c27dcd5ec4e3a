# Lab: Button with interrupt and debounce
# The button on GPIO4 connects the pin to GND when pressed; the LED is on GPIO2.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)


def pressed(pin):
    # TODO: toggle the LED, but only once per press: ignore the bounces that
    # follow within 200 ms (time.ticks_ms and time.ticks_diff help).
    pass


# TODO: call pressed() on the falling edge of the button (button.irq).

while True:
    time.sleep_ms(100)
