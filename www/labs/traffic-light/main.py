# Lab: Traffic light state machine
# Red on GPIO25, yellow on GPIO26, green on GPIO27.
# Sequence: RED for 3 s -> GREEN for 3 s -> YELLOW for 1 s -> back to RED.
from machine import Pin
import time

red = Pin(25, Pin.OUT)
yellow = Pin(26, Pin.OUT)
green = Pin(27, Pin.OUT)

state = "RED"

while True:
    if state == "RED":
        red.on()
        time.sleep(3)
        # TODO: go to the next state
    # TODO: the GREEN and YELLOW states
