# Lab: Reaction-time game
# LED on GPIO2, button on GPIO4 (to GND).
# 1. print "Get ready..." and wait a random 1 to 3 seconds
# 2. light the LED and print "Go!"
# 3. measure how long until the button is pressed, turn the LED off and print
#    "Reaction time: N ms"
from machine import Pin
import random
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)

print("Get ready...")
time.sleep_ms(random.randint(1000, 3000))
led.on()
# TODO: print "Go!", wait for the button (button.value() == 0), measure the time
# with time.ticks_ms() and time.ticks_diff(), then turn the LED off and print the result.
