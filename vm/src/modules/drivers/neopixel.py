# neopixel: WS2812 ("NeoPixel") LEDs driven through machine.bitstream, with the API of
# micropython-lib's neopixel. Pixels are (r, g, b[, w]) tuples; the buffer holds them in the
# order the LEDs expect, G, R, B(, W).

from machine import bitstream

# Bit timings in ns: (high, low) for a 0 bit then for a 1 bit.
_TIMING_800KHZ = (400, 850, 800, 450)
_TIMING_400KHZ = (800, 1700, 1600, 900)


class NeoPixel:
    # Where component k of a colour goes within a pixel's bytes.
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        pin.init(pin.OUT)
        if isinstance(timing, int):
            timing = _TIMING_800KHZ if timing else _TIMING_400KHZ
        self.timing = timing

    def __len__(self):
        return self.n

    def __setitem__(self, i, colour):
        base = i * self.bpp
        for k in range(self.bpp):
            self.buf[base + self.ORDER[k]] = colour[k]

    def __getitem__(self, i):
        base = i * self.bpp
        return tuple(self.buf[base + self.ORDER[k]] for k in range(self.bpp))

    def fill(self, colour):
        buf = self.buf
        step = self.bpp
        for k in range(step):
            value = colour[k]
            for j in range(self.ORDER[k], len(buf), step):
                buf[j] = value

    def write(self):
        bitstream(self.pin, 0, self.timing, self.buf)
