# Potentiometer: turn the pot on GPIO34 to set the LED's brightness on GPIO5.
from machine import Pin, ADC, PWM
import time

pot = ADC(Pin(34))
pot.atten(ADC.ATTN_11DB)  # the full 0..3.3 V range
led = PWM(Pin(5), freq=1000)

last = -1
while True:
    value = pot.read_u16()
    led.duty_u16(value)
    if abs(value - last) > 1000:
        print("pot:", value)
        last = value
    time.sleep_ms(50)
