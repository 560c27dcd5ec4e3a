from machine import Pin
import time

red = Pin(25, Pin.OUT)
yellow = Pin(26, Pin.OUT)
green = Pin(27, Pin.OUT)
while True:
    for lamp, seconds in ((red, 3), (yellow, 1), (green, 3)):
        for p in (red, yellow, green):
            p.value(p is lamp)
        time.sleep(seconds)
