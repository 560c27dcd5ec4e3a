# Lab: Servo control
# The servo's signal wire is on GPIO18. A hobby servo wants a pulse every 20 ms
# (50 Hz); the pulse width sets the angle: 0.5 ms = 0°, 2.5 ms = 180°.
from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)


def set_angle(degrees):
    # TODO: turn the angle into a pulse width in nanoseconds and use servo.duty_ns()
    pass


set_angle(90)
# TODO: sweep from 0° to 180° in 2 seconds, then back, forever.
