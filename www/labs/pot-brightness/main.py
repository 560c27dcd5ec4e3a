# Lab: Potentiometer to LED brightness
# The potentiometer's wiper is on GPIO34 (an ADC pin); the LED is on GPIO5.
from machine import Pin, ADC, PWM
import time

pot = ADC(Pin(34))
pot.atten(ADC.ATTN_11DB)  # the full 0..3.3 V range

while True:
    value = pot.read_u16()  # 0..65535
    print(value)
    # TODO: set the LED's brightness from the knob with PWM (duty_u16)
    time.sleep_ms(50)
