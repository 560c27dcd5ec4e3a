from machine import Pin
import time

red = Pin(25, Pin.OUT)
yellow = Pin(26, Pin.OUT)
green = Pin(27, Pin.OUT)

# state: (lamp on, seconds, next state)
STATES = {
    "RED": (red, 3, "GREEN"),
    "GREEN": (green, 3, "YELLOW"),
    "YELLOW": (yellow, 1, "RED"),
}

state = "RED"
while True:
    lamp, seconds, following = STATES[state]
    for p in (red, yellow, green):
        p.value(p is lamp)
    time.sleep(seconds)
    state = following
