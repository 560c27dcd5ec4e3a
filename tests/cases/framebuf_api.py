# framebuf's constructor checks, argument errors, buffers it accepts, subclassing and text,
# compared with MicroPython's own output.
import framebuf
import array


def t(f):
    try:
        r = f()
        print('ok', r)
    except Exception as e:
        print(type(e).__name__, e)


B = framebuf.FrameBuffer
t(lambda: B(bytearray(10), 8, 8, 0))
t(lambda: B(bytearray(8), 8, 8, 0))
t(lambda: B(bytearray(8), 8, 9, 0))
t(lambda: B(bytearray(100), 8, 8, 9))
t(lambda: B(bytearray(100), 0, 8, 0))
t(lambda: B(bytearray(100), 8, 8, 0, 4))
t(lambda: B(b'1234567890', 8, 8, 0))
t(lambda: B(bytearray(100), 8, 8))
t(lambda: B(bytearray(100), 8, 8, 0, 8, 1))
t(lambda: B(bytearray(100), 8.0, 8, 0))
t(lambda: B(bytearray(100), 8, 8, format=0))
t(lambda: B(123, 8, 8, 0))
t(lambda: B(bytearray(100), 8, -1, 0))
t(lambda: B(bytearray(100), 70000, 1, 0))
t(lambda: B(bytearray(15), 10, 10, framebuf.MONO_HLSB))
t(lambda: B(bytearray(20), 10, 10, framebuf.MONO_HLSB))
t(lambda: B(bytearray(199), 10, 10, framebuf.RGB565))
t(lambda: B(bytearray(200), 10, 10, framebuf.RGB565))
t(lambda: B(bytearray(50), 10, 10, framebuf.GS4_HMSB))
t(lambda: B(bytearray(30), 10, 10, framebuf.GS2_HMSB))
t(lambda: B(bytearray(29), 10, 10, framebuf.GS2_HMSB))
print([x for x in dir(framebuf) if not x.startswith('__')])
print(framebuf.MONO_VLSB, framebuf.MVLSB, framebuf.RGB565, framebuf.GS4_HMSB, framebuf.MONO_HLSB,
      framebuf.MONO_HMSB, framebuf.GS2_HMSB, framebuf.GS8)

fb = B(bytearray(64), 8, 8, framebuf.GS8)
t(lambda: fb.pixel(1, 1, 300))
t(lambda: fb.pixel(1, 1))
t(lambda: fb.pixel(10, 1))
t(lambda: fb.pixel(1.5, 1))
t(lambda: fb.pixel(1))
t(lambda: fb.fill(-1))
t(lambda: fb.pixel(0, 0))
t(lambda: fb.text(b'ab', 0, 0))
t(lambda: fb.text(12, 0, 0))
t(lambda: fb.scroll(100, 0))
t(lambda: fb.scroll(-100, 0))
t(lambda: fb.scroll(0, 100))
t(lambda: fb.blit(fb, 0, 0))
t(lambda: fb.blit((bytearray(4), 2, 2, framebuf.GS8), 0, 0))
t(lambda: fb.blit((bytearray(4), 2, 2), 0, 0))
t(lambda: fb.blit((bytearray(1), 2, 2, framebuf.GS8), 0, 0))
t(lambda: fb.blit((bytearray(4), 2, 2, 9), 0, 0))
t(lambda: fb.blit(5, 0, 0))
t(lambda: fb.blit(array.array('B', [1, 2]), 0, 0))
t(lambda: fb.blit([bytearray(4), 2, 2, 6], 0, 0, -1, None))
t(lambda: fb.poly(0, 0, [1, 2, 3, 4], 1))
t(lambda: fb.poly(0, 0, bytearray([1, 2, 3, 4, 5]), 1))
t(lambda: fb.poly(0, 0, array.array('h', [1, 2, 3, 4, 5, 6]), 1, True))
t(lambda: fb.poly(0, 0, b'', 1))
t(lambda: fb.ellipse(3, 3, 2, 2, 1, True, 3))
t(lambda: fb.rect(0, 0, 3, 3, 1, True))
t(lambda: fb.rect(0, 0, 3, 3))
t(lambda: fb.line(0, 0, 3, 3))
t(lambda: fb.hline(0, 0, 3))
t(lambda: fb.fill(1, 2))
t(lambda: fb.pixel(x=1, y=2))
print(bytes(fb))
print(memoryview(fb)[0], fb)

# Views and arrays are drawn through; FrameBuffer1 is MONO_VLSB.
mv = memoryview(bytearray(64))
B(mv, 8, 8, framebuf.GS8).fill_rect(1, 1, 2, 2, 7)
print(bytes(mv[8:12]))
arr = array.array('H', [0] * 32)
B(arr, 8, 8, framebuf.GS8).hline(0, 0, 3, 0x81)
print(arr[0], arr[1])
b1 = bytearray(8)
framebuf.FrameBuffer1(b1, 8, 8).vline(2, 0, 8, 1)
print(b1)


class Screen(framebuf.FrameBuffer):
    def __init__(self):
        self.buf = bytearray(8)
        super().__init__(self.buf, 8, 8, framebuf.MONO_VLSB)


s = Screen()
s.pixel(0, 0, 1)
print(s.buf, s.pixel(0, 0), isinstance(s, framebuf.FrameBuffer))

# Text, shown as ASCII art (MONO_HLSB: one byte per 8-pixel row).
W = 48
buf = bytearray(W // 8 * 10)
fb = B(buf, W, 10, framebuf.MONO_HLSB)
fb.text('Hi 42!', 0, 1)
fb.text('\xe9', 40, 2)
for y in range(10):
    print(''.join('#' if fb.pixel(x, y) else '.' for x in range(W)))
