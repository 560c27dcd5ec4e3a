from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)


def pressed(pin):
    led.value(not led.value())


button.irq(trigger=Pin.IRQ_FALLING, handler=pressed)
while True:
    time.sleep_ms(100)
