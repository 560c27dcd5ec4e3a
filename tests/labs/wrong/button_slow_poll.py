from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
was = 1
while True:
    now = button.value()
    if was == 1 and now == 0:
        led.value(not led.value())
    was = now
    time.sleep_ms(300)
