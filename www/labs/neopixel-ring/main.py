# Lab: NeoPixel animation
# A ring of 12 NeoPixels (WS2812) on GPIO13.
from machine import Pin
import neopixel
import time

ring = neopixel.NeoPixel(Pin(13), 12)

ring.fill((0, 0, 32))
ring.write()

# TODO: a red dot (255, 0, 0) goes round the ring: every 100 ms, turn all the
# pixels off, light the next one red, and ring.write(). Step 0 lights pixel 0.
