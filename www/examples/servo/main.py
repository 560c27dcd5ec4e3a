# Servo: sweeps a hobby servo on GPIO18 from 0 to 180 degrees and back.
# A servo reads the pulse width of a 50 Hz signal: 0.5 ms is 0 degrees, 2.5 ms is 180.
from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)


def angle(degrees):
    servo.duty_ns(500_000 + degrees * 2_000_000 // 180)


while True:
    for a in list(range(0, 181, 10)) + list(range(180, -1, -10)):
        angle(a)
        time.sleep_ms(60)
