from machine import Pin, PWM
import time

led = PWM(Pin(5), freq=1000, duty_u16=0)
while True:
    led.duty_u16(65535)
    time.sleep(2)
    led.duty_u16(0)
    time.sleep(2)
