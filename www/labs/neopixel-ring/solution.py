from machine import Pin
import neopixel
import time

ring = neopixel.NeoPixel(Pin(13), 12)

step = 0
while True:
    ring.fill((0, 0, 0))
    ring[step % len(ring)] = (255, 0, 0)
    ring.write()
    step += 1
    time.sleep_ms(100)
