# Lab: Button with interrupt and debounce
# The button on GPIO4 connects the pin to GND when pressed; the LED is on GPIO2.
from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
pending = False
since = 0


def pressed(pin):
    # TODO: note that an edge came (set pending, and since = time.ticks_ms()),
    # unless one is already pending. Don't toggle here: the contact is still bouncing.
    pass


# TODO: call pressed() on the falling edge of the button (button.irq).

while True:
    # TODO: once 20 ms have passed since the first edge, clear pending and, if the
    # button still reads 0 (pressed), toggle the LED.
    time.sleep_ms(5)
