from machine import Pin, PWM
import time

servo = PWM(Pin(18), freq=50)
while True:
    servo.duty_ns(500_000)
    time.sleep(1)
    servo.duty_ns(2_500_000)
    time.sleep(1)
