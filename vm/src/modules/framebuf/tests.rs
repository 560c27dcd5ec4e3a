//! framebuf under memory pressure and with hostile arguments: every run ends in its output or a
//! Python exception, never a panic or a stall.

use crate::modules::stdlib_tests::{assert_output_or_memory_error, run};

const DRAWING: &str = "\
import framebuf
out = []
for fmt in (framebuf.MONO_VLSB, framebuf.RGB565, framebuf.GS4_HMSB, framebuf.MONO_HLSB,
            framebuf.MONO_HMSB, framebuf.GS2_HMSB, framebuf.GS8):
    buf = bytearray(32 * 16 * 2)
    fb = framebuf.FrameBuffer(buf, 32, 16, fmt)
    fb.fill(1)
    fb.text('Hi!', 1, 2, 0)
    fb.ellipse(16, 8, 10, 6, 3, True)
    fb.poly(0, 0, bytearray([1, 1, 30, 3, 12, 14]), 2)
    fb.scroll(3, -2)
    fb.blit(framebuf.FrameBuffer(bytearray(8), 8, 8, framebuf.MONO_VLSB), 20, 4, 0)
    out.append(sum(buf) % 1000)
print(out)
";

#[test]
fn drawing_ends_in_output_or_memory_error() {
    let (expected, tb) = run(DRAWING, 128 * 1024);
    assert!(tb.is_none(), "{tb:?}");
    assert!(expected.starts_with('['));
    assert_output_or_memory_error(DRAWING, &expected, 4);
}

const HOSTILE: &str = "\
import framebuf, array
weird = [None, -1, 0, 1, 7, 2**31 - 1, -2**31, 2**40, 1.5, 'ab', b'xy', [], (1, 2),
         bytearray(3), array.array('i', [2**31 - 1, -2**31, 5, 9]),
         (bytearray(8), 8, 8, 0), [bytearray(2), 1, 1, 6, 1]]
buf = bytearray(64)
fb = framebuf.FrameBuffer(buf, 8, 8, framebuf.GS8)
names = ['fill', 'pixel', 'hline', 'vline', 'line', 'rect', 'fill_rect', 'ellipse', 'poly',
         'text', 'scroll', 'blit']
seed = 1
errors = 0
for n in range(3000):
    seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
    name = names[seed % len(names)]
    args = []
    for k in range((seed >> 8) % 9):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        args.append(weird[(seed >> 4) % len(weird)])
    try:
        getattr(fb, name)(*args)
    except (TypeError, ValueError, OverflowError, IndexError):
        errors += 1
    if n % 500 == 0:
        buf[:] = bytearray(64 - n // 100)
try:
    framebuf.FrameBuffer(buf, 8, 8, framebuf.GS8).fill(1)
except ValueError:
    errors += 1
print(errors > 0, len(buf))
";

#[test]
fn hostile_arguments_raise_and_never_panic() {
    let (out, tb) = run(HOSTILE, 128 * 1024);
    assert_eq!(tb, None);
    assert_eq!(out, "True 39\n");
}
