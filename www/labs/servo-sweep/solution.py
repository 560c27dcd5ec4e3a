from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)


def set_angle(degrees):
    servo.duty_ns(500_000 + degrees * 2_000_000 // 180)


while True:
    for a in range(0, 181, 5):
        set_angle(a)
        time.sleep_ms(50)
    for a in range(180, -1, -5):
        set_angle(a)
        time.sleep_ms(50)
