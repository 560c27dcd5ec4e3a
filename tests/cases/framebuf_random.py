# Draws many random shapes on frames of every format and prints a checksum of the bytes after
# each step; the expected output comes from MicroPython's own framebuf.
import framebuf
import array

seed = 12345


def rnd(n):
    global seed
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    return (seed >> 8) % n


def r(lo, hi):
    return lo + rnd(hi - lo + 1)


def check(buf):
    s = 0
    for i, b in enumerate(buf):
        s = (s * 31 + b + i) & 0xFFFFFF
    return s


FORMATS = [framebuf.MONO_VLSB, framebuf.RGB565, framebuf.GS4_HMSB, framebuf.MONO_HLSB,
           framebuf.MONO_HMSB, framebuf.GS2_HMSB, framebuf.GS8]
SIZES = [(1, 1), (8, 8), (13, 11), (32, 16), (7, 21), (3, 64)]
MAXC = {0: 1, 1: 0xFFFF, 2: 15, 3: 1, 4: 1, 5: 3, 6: 255}
CHARS = 'AZaz09 !~\x7f\x1f' + 'é'


def make(fmt, w, h, stride):
    return bytearray(stride * h * 2 + 16)


for fmt in FORMATS:
    for (w, h) in SIZES:
        stride = w + rnd(3)
        buf = make(fmt, w, h, stride)
        fb = framebuf.FrameBuffer(buf, w, h, fmt, stride)
        src = bytearray(128)
        sfmt = FORMATS[rnd(7)]
        sw, sh = r(1, 6), r(1, 6)
        sfb = framebuf.FrameBuffer(src, sw, sh, sfmt)
        for i in range(12):
            sfb.pixel(rnd(sw), rnd(sh), r(0, MAXC[sfmt]))
        pal = framebuf.FrameBuffer(bytearray(8), 4, 1, framebuf.GS8)
        for i in range(4):
            pal.pixel(i, 0, r(0, 255))
        out = []
        for step in range(60):
            op = rnd(14)
            c = r(-1, MAXC[fmt] + 2)
            x, y = r(-10, w + 10), r(-10, h + 10)
            if op == 0:
                fb.fill(c)
            elif op == 1:
                fb.pixel(x, y, c)
                out.append(fb.pixel(r(-2, w + 2), r(-2, h + 2)))
            elif op == 2:
                fb.hline(x, y, r(-5, w + 5), c)
            elif op == 3:
                fb.vline(x, y, r(-5, h + 5), c)
            elif op == 4:
                fb.line(x, y, r(-10, w + 10), r(-10, h + 10), c)
            elif op == 5:
                fb.rect(x, y, r(-3, w + 3), r(-3, h + 3), c, rnd(2))
            elif op == 6:
                fb.fill_rect(x, y, r(-3, w + 3), r(-3, h + 3), c)
            elif op == 7:
                if rnd(2):
                    fb.ellipse(x, y, r(0, w), r(0, h), c, rnd(2), rnd(16))
                else:
                    fb.ellipse(x, y, r(0, w), r(0, h), c)
            elif op == 8:
                n = r(1, 6)
                pts = array.array('h', [r(-12, w + 12) if k % 2 == 0 else r(-12, h + 12) for k in range(2 * n)])
                fb.poly(r(-4, 4), r(-4, 4), pts, c, rnd(2))
            elif op == 9:
                s = ''.join(CHARS[rnd(len(CHARS))] for k in range(r(0, 3)))
                if rnd(2):
                    fb.text(s, x, y, c)
                else:
                    fb.text(s, x, y)
            elif op == 10:
                fb.scroll(r(-w - 1, w + 1), r(-h - 1, h + 1))
            elif op == 11:
                fb.blit(sfb, r(-7, w + 1), r(-7, h + 1))
            elif op == 12:
                fb.blit(sfb, r(-7, w + 1), r(-7, h + 1), r(-1, 3))
            else:
                fb.blit(sfb, r(-7, w + 1), r(-7, h + 1), r(-1, 3), pal if sfmt in (0, 3, 4, 5) else None)
            out.append(check(buf))
        print(fmt, w, h, stride, out)
