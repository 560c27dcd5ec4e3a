from machine import Pin, PWM
import time

led = PWM(Pin(5), freq=1000, duty_u16=0)
STEPS = 64

while True:
    for i in range(STEPS + 1):
        led.duty_u16(min(65535, i * 1024))
        time.sleep_ms(31)
    for i in range(STEPS, -1, -1):
        led.duty_u16(min(65535, i * 1024))
        time.sleep_ms(31)
