# apa106: APA106 LEDs, which take the WS2812 protocol with the colours in R, G, B order
# (micropython-lib's apa106).

from neopixel import NeoPixel


class APA106(NeoPixel):
    ORDER = (0, 1, 2, 3)
