# random: MicroPython's generator (yasmarang, as in extmod/modrandom.c), frozen into the VM.
# The state starts from yasmarang's constants, so a program draws the same numbers on every
# run unless it seeds: the simulator stays deterministic. seed() without an argument seeds
# from the VM's clock (the board has no entropy source yet).

_pad = 0xEDA4BABA
_n = 69
_d = 233
_dat = 0


def _next():
    global _pad, _n, _d, _dat
    pad = (_pad + _dat + _d * _n) & 0xFFFFFFFF
    pad = ((pad << 3) + (pad >> 29)) & 0xFFFFFFFF
    _pad = pad
    _n = pad | 2
    _d = (_d ^ ((pad << 31) + (pad >> 1))) & 0xFFFFFFFF
    _dat = (_dat ^ pad ^ (_d >> 8) ^ 1) & 0xFF
    return (pad ^ (_d << 5) ^ (pad >> 5) ^ (_dat << 1)) & 0xFFFFFFFF


def _below(n):
    # Uniform in range(n) by rejection, as yasmarang_randbelow; wider than 32 bits takes
    # several draws.
    k = n.bit_length()
    while True:
        r = 0
        bits = 0
        while bits < k:
            r = (r << 32) | _next()
            bits += 32
        r >>= bits - k
        if r < n:
            return r


def seed(n=None):
    global _pad, _n, _d, _dat
    if n is None:
        import time
        n = time.ticks_us() ^ (time.time() << 20)
    _pad = n & 0xFFFFFFFF
    _n = 69
    _d = 233
    _dat = 0


def getrandbits(k):
    if k < 0 or k > 32:
        raise ValueError('bits must be 32 or less')
    if k == 0:
        return 0
    return _next() >> (32 - k)


def randrange(start, stop=None, step=1):
    if stop is None:
        if start > 0:
            return _below(start)
        raise ValueError
    if step == 1:
        if start < stop:
            return start + _below(stop - start)
        raise ValueError
    if step > 0:
        n = (stop - start + step - 1) // step
    elif step < 0:
        n = (stop - start + step + 1) // step
    else:
        raise ValueError
    if n > 0:
        return start + step * _below(n)
    raise ValueError


def randint(a, b):
    if a <= b:
        return a + _below(b - a + 1)
    raise ValueError


def choice(seq):
    n = len(seq)
    if n > 0:
        return seq[_below(n)]
    raise IndexError


def random():
    # A double in [0, 1) from 52 random mantissa bits, as yasmarang_float builds it.
    hi = _next() & 0xFFFFF
    return ((hi << 32) | _next()) / 4503599627370496


def uniform(a, b):
    return a + (b - a) * random()
