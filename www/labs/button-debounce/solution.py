from machine import Pin
import time

led = Pin(2, Pin.OUT)
button = Pin(4, Pin.IN, Pin.PULL_UP)
pending = False
since = 0


def pressed(pin):
    # Only note the edge: the contact is still bouncing now.
    global pending, since
    if not pending:
        pending = True
        since = time.ticks_ms()


button.irq(trigger=Pin.IRQ_FALLING, handler=pressed)

while True:
    # 20 ms after the first edge the contact has settled: a press if it is still down
    # (a release bounces too, but by then the button reads 1 again).
    if pending and time.ticks_diff(time.ticks_ms(), since) >= 20:
        pending = False
        if button.value() == 0:
            led.value(not led.value())
    time.sleep_ms(5)
