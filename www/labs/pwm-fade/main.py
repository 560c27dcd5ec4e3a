# Lab: PWM fade
# The LED on GPIO5 is driven by PWM: its brightness follows the duty cycle
# (duty_u16: 0 = off, 65535 = fully on).
from machine import Pin, PWM
import time

led = PWM(Pin(5), freq=1000)
led.duty_u16(32768)  # half brightness

# TODO: fade the LED in from off to full over 2 seconds, then out over 2 seconds,
# forever. Change the duty in small steps with a short sleep between them.
