# PWM fade: the LED on GPIO5 brightens and dims smoothly.
from machine import Pin, PWM
import time

led = PWM(Pin(5), freq=1000, duty_u16=0)

while True:
    for level in list(range(0, 65536, 2048)) + list(range(65535, -1, -2048)):
        led.duty_u16(level)
        time.sleep_ms(20)
