# NeoPixel rainbow: a ring of 12 WS2812 LEDs on GPIO13 cycles through the colours.
from machine import Pin
import neopixel
import time

ring = neopixel.NeoPixel(Pin(13), 12)


def wheel(position):
    # 0..255 around the colour wheel: red -> green -> blue -> red.
    position %= 256
    if position < 85:
        return (255 - position * 3, position * 3, 0)
    if position < 170:
        position -= 85
        return (0, 255 - position * 3, position * 3)
    position -= 170
    return (position * 3, 0, 255 - position * 3)


offset = 0
while True:
    for i in range(len(ring)):
        ring[i] = wheel(offset + i * 256 // len(ring))
    ring.write()
    offset += 8
    time.sleep_ms(50)
