# Lab: Blink
# The red LED is wired to GPIO2 (through a resistor).
from machine import Pin
import time

led = Pin(2, Pin.OUT)
led.on()

# TODO: make the LED blink forever: on for half a second, then off for half a second.
