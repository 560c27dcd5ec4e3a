//! The drawing operations of `framebuf.FrameBuffer` beyond single pixels and rectangles: lines,
//! ellipses, polygons, text, scrolling and blitting. Each follows the algorithm of MicroPython's
//! extmod/modframebuf.c step for step, because users compare pixels with a real board.

use super::font;
use super::format::Pixels;

type Frame<'a> = Pixels<&'a mut [u8]>;

/// A Bresenham line from (x1, y1) to (x2, y2), both ends included, clipped pixel by pixel.
pub fn line(fb: &mut Frame, mut x1: i64, mut y1: i64, x2: i64, y2: i64, c: u32) {
    let (mut dx, mut sx) = if x2 > x1 { (x2 - x1, 1) } else { (x1 - x2, -1) };
    let (mut dy, mut sy) = if y2 > y1 { (y2 - y1, 1) } else { (y1 - y2, -1) };
    // A steep line walks along y: swap the roles of the axes and swap back when plotting.
    let steep = dy > dx;
    if steep {
        core::mem::swap(&mut x1, &mut y1);
        core::mem::swap(&mut dx, &mut dy);
        core::mem::swap(&mut sx, &mut sy);
    }
    let mut e = 2 * dy - dx;
    // Steps whose major coordinate lies outside the frame plot nothing: jump over those before
    // the frame in closed form and stop at those after it, so a line from far away costs no
    // more than one across the frame, with the same pixels.
    let major_len = if steep {
        fb.layout.height
    } else {
        fb.layout.width
    };
    let skip = if sx > 0 { -x1 } else { x1 - (major_len - 1) }.clamp(0, dx);
    if skip > 0 {
        // After step j the error has been raised 2dy j times and lowered 2dx for each y step
        // taken, where the y steps so far are the least count that makes it negative again.
        let raised = i128::from(e) + 2 * i128::from(dy) * i128::from(skip - 1);
        let y_steps = if raised >= 0 {
            raised / (2 * i128::from(dx)) + 1
        } else {
            0
        };
        let y_steps = i64::try_from(y_steps).unwrap_or(0);
        x1 += sx * skip;
        y1 += sy * y_steps;
        e = (i128::from(e) + 2 * i128::from(dy) * i128::from(skip)
            - 2 * i128::from(dx) * i128::from(y_steps)) as i64;
    }
    for _ in skip..dx {
        if (sx > 0 && x1 >= major_len) || (sx < 0 && x1 < 0) {
            break;
        }
        if steep {
            fb.set_checked(y1, x1, c);
        } else {
            fb.set_checked(x1, y1, c);
        }
        while e >= 0 {
            y1 += sy;
            e -= 2 * dx;
        }
        x1 += sx;
        e += 2 * dy;
    }
    fb.set_checked(x2, y2, c);
}

/// Quadrant bits of `ellipse`'s mask (Q1 top right, counter-clockwise) and its fill flag.
pub const ELLIPSE_ALL: u32 = 0x0f;
pub const ELLIPSE_FILL: u32 = 0x10;

/// Plots the four mirror images of (x, y) around the centre, or the spans to them when
/// filling, for the quadrants in `mask`.
fn ellipse_points(fb: &mut Frame, cx: i64, cy: i64, x: i64, y: i64, c: u32, mask: u32) {
    if mask & ELLIPSE_FILL != 0 {
        if mask & 1 != 0 {
            fb.fill_rect(cx, cy - y, x + 1, 1, c);
        }
        if mask & 2 != 0 {
            fb.fill_rect(cx - x, cy - y, x + 1, 1, c);
        }
        if mask & 4 != 0 {
            fb.fill_rect(cx - x, cy + y, x + 1, 1, c);
        }
        if mask & 8 != 0 {
            fb.fill_rect(cx, cy + y, x + 1, 1, c);
        }
    } else {
        let points = [
            (1, cx + x, cy - y),
            (2, cx - x, cy - y),
            (4, cx - x, cy + y),
        ];
        for (bit, px, py) in points.into_iter().chain([(8, cx + x, cy + y)]) {
            if mask & bit != 0 {
                fb.set_checked(px, py, c);
            }
        }
    }
}

/// An ellipse with radii (xr, yr) around (cx, cy), by the midpoint method in two regions
/// (John Kennedy's integer formulation, as MicroPython draws it).
pub fn ellipse(fb: &mut Frame, cx: i64, cy: i64, xr: i64, yr: i64, c: u32, mask: u32) {
    if xr == 0 && yr == 0 {
        if mask & ELLIPSE_ALL != 0 {
            fb.set_checked(cx, cy, c);
        }
        return;
    }
    let two_a2 = 2 * xr * xr;
    let two_b2 = 2 * yr * yr;
    // Region 1: from (xr, 0) while the slope is steeper than -1.
    let (mut x, mut y) = (xr, 0);
    let mut x_change = yr * yr * (1 - 2 * xr);
    let mut y_change = xr * xr;
    let mut error = 0;
    let mut stop_x = two_b2 * xr;
    let mut stop_y = 0;
    while stop_x >= stop_y {
        ellipse_points(fb, cx, cy, x, y, c, mask);
        y += 1;
        stop_y += two_a2;
        error += y_change;
        y_change += two_a2;
        if 2 * error + x_change > 0 {
            x -= 1;
            stop_x -= two_b2;
            error += x_change;
            x_change += two_b2;
        }
    }
    // Region 2: from (0, yr) until it meets region 1.
    x = 0;
    y = yr;
    x_change = yr * yr;
    y_change = xr * xr * (1 - 2 * yr);
    error = 0;
    stop_x = 0;
    stop_y = two_a2 * yr;
    while stop_x <= stop_y {
        ellipse_points(fb, cx, cy, x, y, c, mask);
        x += 1;
        stop_x += two_b2;
        error += x_change;
        x_change += two_b2;
        if 2 * error + y_change > 0 {
            y -= 1;
            stop_y -= two_a2;
            error += y_change;
            y_change += two_a2;
        }
    }
}

/// A closed polygon through `points` (relative to (x, y)), outlined or filled.
pub fn poly(fb: &mut Frame, x: i64, y: i64, points: &[(i64, i64)], c: u32, fill: bool) {
    let Some(&first) = points.first() else {
        return;
    };
    // MicroPython walks the edges from the first vertex backwards through the list.
    let edges = || {
        let mut prev = first;
        points.iter().rev().map(move |&p| {
            let e = (prev, p);
            prev = p;
            e
        })
    };
    if !fill {
        for ((x1, y1), (x2, y2)) in edges() {
            line(fb, x + x1, y + y1, x + x2, y + y2, c);
        }
        return;
    }
    // Scan-line fill (after alienryderflex.com/polygon_fill): on each row, the x where edges
    // cross it, sorted, filled in pairs.
    let y_min = points.iter().map(|p| p.1).min().unwrap_or(0);
    let y_max = points.iter().map(|p| p.1).max().unwrap_or(0);
    let mut nodes = alloc::vec::Vec::with_capacity(points.len());
    // Rows off the frame draw nothing: leave them out, so far-flung vertices cost no time.
    let (first_row, last_row) = (y_min.max(-y), y_max.min(fb.layout.height - 1 - y));
    for row in first_row..=last_row {
        nodes.clear();
        for ((px1, py1), (px2, py2)) in edges() {
            // An edge owns its top end but not its bottom one, so a shared vertex counts once.
            if py1 != py2 && ((py1 > row && py2 <= row) || (py1 <= row && py2 > row)) {
                // Wide, so 32-bit coordinates cannot overflow; C truncates as Rust does.
                let (px1, px2, py1, py2, r) = (
                    i128::from(px1),
                    i128::from(px2),
                    i128::from(py1),
                    i128::from(py2),
                    i128::from(row),
                );
                let node = (32 * px1 + 32 * (px2 - px1) * (r - py1) / (py2 - py1) + 16) / 32;
                nodes.push(node as i64);
            } else if row == py1.max(py2) {
                // The bottom of a local minimum or a flat edge is lost by that rule: draw it.
                if py1 < py2 {
                    fb.set_checked(x + px2, y + py2, c);
                } else if py2 < py1 {
                    fb.set_checked(x + px1, y + py1, c);
                } else {
                    line(fb, x + px1, y + py1, x + px2, y + py2, c);
                }
            }
        }
        nodes.sort_unstable();
        for pair in nodes.chunks_exact(2) {
            fb.fill_rect(x + pair[0], y + row, pair[1] - pair[0] + 1, 1, c);
        }
    }
}

/// Draws `text` (its bytes: anything outside 32..=127 shows glyph 127) with the top-left
/// corner at (x, y), 8 pixels a character.
pub fn text(fb: &mut Frame, text: &[u8], mut x: i64, y: i64, c: u32) {
    for &ch in text {
        let glyph = font::glyph(ch);
        for column in glyph {
            if (0..fb.layout.width).contains(&x) {
                let mut bits = column;
                let mut yy = y;
                while bits != 0 {
                    if bits & 1 != 0 {
                        fb.set_checked(x, yy, c);
                    }
                    bits >>= 1;
                    yy += 1;
                }
            }
            x += 1;
        }
    }
}

/// Moves the contents by (dx, dy); the uncovered edge keeps its old pixels. A step as large as
/// the frame does nothing.
pub fn scroll(fb: &mut Frame, dx: i64, dy: i64) {
    let (w, h) = (fb.layout.width, fb.layout.height);
    let (x_start, x_end, x_step) = if dx < 0 {
        (0, w + dx, 1)
    } else {
        (w - 1, dx - 1, -1)
    };
    let (y_start, y_end, y_step) = if dy < 0 {
        (0, h + dy, 1)
    } else {
        (h - 1, dy - 1, -1)
    };
    if (dx < 0 && x_end <= 0) || (dx >= 0 && x_end >= x_start) {
        return;
    }
    if (dy < 0 && y_end <= 0) || (dy >= 0 && y_end >= y_start) {
        return;
    }
    let mut yy = y_start;
    while yy != y_end {
        let mut xx = x_start;
        while xx != x_end {
            let c = fb.get(xx - dx, yy - dy);
            fb.set(xx, yy, c);
            xx += x_step;
        }
        yy += y_step;
    }
}

/// Copies `src` with its top-left at (x, y), skipping source colour `key`, through `palette`
/// (source colour i becomes the palette's pixel (i, 0)) if given.
pub fn blit(
    fb: &mut Frame,
    src: &Pixels<&[u8]>,
    x: i64,
    y: i64,
    key: u32,
    palette: Option<&Pixels<&[u8]>>,
) {
    let (w, h) = (fb.layout.width, fb.layout.height);
    let (sw, sh) = (src.layout.width, src.layout.height);
    if x >= w || y >= h || -x >= sw || -y >= sh {
        return;
    }
    let x_end = w.min(x + sw);
    let y_end = h.min(y + sh);
    // Source pixel (sx, sy) lands on (dx, dy).
    let (sx0, sy0) = ((-x).max(0), (-y).max(0));
    for (sy, dy) in (sy0..).zip(y.max(0)..y_end) {
        for (sx, dx) in (sx0..).zip(x.max(0)..x_end) {
            let mut c = src.get(sx, sy);
            if let Some(p) = palette {
                c = p.get(i64::from(c), 0);
            }
            if c != key {
                fb.set(dx, dy, c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::framebuf::format::{Format, Layout};

    fn frame(buf: &mut [u8], w: i64, h: i64) -> Frame<'_> {
        Pixels {
            layout: Layout {
                width: w,
                height: h,
                stride: w,
                format: Format::Gs8,
            },
            buf,
        }
    }

    /// The plain loop MicroPython runs, to check the skipping one against.
    fn naive_line(fb: &mut Frame, mut x1: i64, mut y1: i64, x2: i64, y2: i64, c: u32) {
        let (mut dx, mut sx) = if x2 > x1 { (x2 - x1, 1) } else { (x1 - x2, -1) };
        let (mut dy, mut sy) = if y2 > y1 { (y2 - y1, 1) } else { (y1 - y2, -1) };
        let steep = dy > dx;
        if steep {
            core::mem::swap(&mut x1, &mut y1);
            core::mem::swap(&mut dx, &mut dy);
            core::mem::swap(&mut sx, &mut sy);
        }
        let mut e = 2 * dy - dx;
        for _ in 0..dx {
            if steep {
                fb.set_checked(y1, x1, c);
            } else {
                fb.set_checked(x1, y1, c);
            }
            while e >= 0 {
                y1 += sy;
                e -= 2 * dx;
            }
            x1 += sx;
            e += 2 * dy;
        }
        fb.set_checked(x2, y2, c);
    }

    #[test]
    fn skipping_line_draws_the_same_pixels_as_the_plain_loop() {
        let mut seed = 7u64;
        let mut next = |n: i64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as i64 % n
        };
        for _ in 0..20_000 {
            let span = [30, 300, 3000][next(3) as usize];
            let p: [i64; 4] = core::array::from_fn(|_| next(2 * span) - span + 10);
            let (mut a, mut b) = ([0u8; 400], [0u8; 400]);
            line(&mut frame(&mut a, 20, 20), p[0], p[1], p[2], p[3], 1);
            naive_line(&mut frame(&mut b, 20, 20), p[0], p[1], p[2], p[3], 1);
            assert_eq!(a, b, "line {p:?}");
        }
    }

    #[test]
    fn extreme_coordinates_finish_quickly_without_overflow() {
        let mut buf = [0u8; 64];
        let mut fb = frame(&mut buf, 8, 8);
        let (lo, hi) = (i64::from(i32::MIN), i64::from(i32::MAX));
        line(&mut fb, lo, lo, hi, hi, 1);
        line(&mut fb, hi, 3, lo, 4, 1);
        poly(&mut fb, 0, 0, &[(lo, lo), (hi, 0), (0, hi)], 2, true);
        poly(&mut fb, hi, lo, &[(lo, lo), (hi, 0)], 2, false);
        ellipse(
            &mut fb,
            4,
            4,
            0x1_0000,
            0x1_0000,
            3,
            ELLIPSE_ALL | ELLIPSE_FILL,
        );
        scroll(&mut fb, hi, lo);
        text(&mut fb, b"xyz", hi, lo, 1);
        assert!(buf.iter().any(|&b| b != 0));
    }
}
