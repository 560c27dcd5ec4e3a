from machine import Pin
import random
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)

print("Get ready...")
time.sleep_ms(random.randint(1000, 3000))
led.on()
print("Go!")
start = time.ticks_ms()
while button.value() == 1:
    time.sleep_ms(1)
reaction = time.ticks_diff(time.ticks_ms(), start)
led.off()
print("Reaction time:", reaction, "ms")
