# Float loops with early exit: count the points of a grid inside the Mandelbrot set.
def mandelbrot(w, h, limit):
    inside = 0
    for py in range(h):
        ci = 2.0 * py / h - 1.0
        for px in range(w):
            cr = 2.5 * px / w - 2.0
            zr = zi = 0.0
            n = 0
            while n < limit and zr * zr + zi * zi <= 4.0:
                zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
                n += 1
            if n == limit:
                inside += 1
    return inside


print(mandelbrot(60, 40, 60))
