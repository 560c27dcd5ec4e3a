from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)
while True:
    for a in range(0, 91, 5):
        servo.duty_ns(500_000 + a * 2_000_000 // 180)
        time.sleep_ms(50)
    for a in range(90, -1, -5):
        servo.duty_ns(500_000 + a * 2_000_000 // 180)
        time.sleep_ms(50)
