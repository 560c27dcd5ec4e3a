# framebuf: MicroPython's FrameBuffer over a writable buffer (bytearray, memoryview,
# array.array). The drawing is native (_framebuf, vm/src/modules/framebuf/); the methods are
# those natives, so subclasses (ssd1306) and blit sources work as on the board.

import _framebuf

MONO_VLSB = MVLSB = 0
RGB565 = 1
GS4_HMSB = 2
MONO_HLSB = 3
MONO_HMSB = 4
GS2_HMSB = 5
GS8 = 6


class FrameBuffer:
    __init__ = _framebuf.init
    fill = _framebuf.fill
    fill_rect = _framebuf.fill_rect
    pixel = _framebuf.pixel
    hline = _framebuf.hline
    vline = _framebuf.vline
    rect = _framebuf.rect
    line = _framebuf.line
    ellipse = _framebuf.ellipse
    poly = _framebuf.poly
    text = _framebuf.text
    scroll = _framebuf.scroll
    blit = _framebuf.blit

    def __repr__(self):
        return '<FrameBuffer>'


def FrameBuffer1(buf, width, height, stride=None):
    # The old name for a MONO_VLSB frame, kept for programs written before formats existed.
    return FrameBuffer(buf, width, height, MONO_VLSB, width if stride is None else stride)


del _framebuf
