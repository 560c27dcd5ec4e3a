from machine import Pin, ADC, PWM
import time

pot = ADC(Pin(34))
pot.atten(ADC.ATTN_11DB)
led = PWM(Pin(5), freq=1000, duty_u16=0)

while True:
    led.duty_u16(pot.read_u16())
    time.sleep_ms(20)
