# Blink: the LED on GPIO2 turns on and off every half second.
from machine import Pin
import time

led = Pin(2, Pin.OUT)

while True:
    led.value(not led.value())
    time.sleep_ms(500)
