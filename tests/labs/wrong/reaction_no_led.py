from machine import Pin
import time

button = Pin(4, Pin.IN, Pin.PULL_UP)
print("Get ready...")
time.sleep(2)
print("Go!")
start = time.ticks_ms()
while button.value() == 1:
    time.sleep_ms(1)
print("Reaction time:", time.ticks_diff(time.ticks_ms(), start), "ms")
