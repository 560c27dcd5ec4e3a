# asyncio, part 4 of 4: streams. StreamReader(sys.stdin) (and any stream with MicroPython's
# ioctl poll, such as a UART) reads without blocking the other tasks: each read first parks
# the task until the stream is readable (_io_wait in part 1), and the loop wakes it when
# input arrives. As in MicroPython, readline() and read() to the end give bytes, read(n)
# gives what the stream's own read(n) gives (str for sys.stdin).


def _read_now(s, n):
    # What can be read without blocking, at most n (all that is there when n < 0).
    if _is_stdin(s):
        k = _stdin_available()
        return s.read(k if n < 0 else min(n, k))
    return s.read(n) if n >= 0 else s.read()


def _as_bytes(b):
    return b.encode() if isinstance(b, str) else (b or b"")


class Stream:
    def __init__(self, s, e={}):
        self.s = s
        self.e = e

    def get_extra_info(self, v):
        return self.e[v]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.close()

    def close(self):
        pass

    async def wait_closed(self):
        pass

    # read(n=-1): up to n bytes once some are there; without n, everything to the end.
    async def read(self, n=-1):
        r = b""
        while True:
            await _io_wait(self.s)
            r2 = _read_now(self.s, n)
            if n >= 0:
                return r2
            if not r2:
                return r
            r += _as_bytes(r2)

    # readexactly(n): n bytes, or EOFError if the stream ends first.
    async def readexactly(self, n):
        r = b""
        while n > 0:
            await _io_wait(self.s)
            r2 = _as_bytes(_read_now(self.s, n))
            if not r2:
                raise EOFError
            r += r2
            n -= len(r2)
        return r

    # readinto(buf): reads what is there into buf; the count.
    async def readinto(self, buf):
        b = _as_bytes(await self.read(len(buf)))
        buf[: len(b)] = b
        return len(b)

    # readline(): one line with its newline (b"" at the end of input).
    async def readline(self):
        await _io_wait(self.s, True)
        return _as_bytes(self.s.readline())

    def write(self, buf):
        self.s.write(buf)

    async def drain(self):
        await sleep_ms(0)


StreamReader = Stream
StreamWriter = Stream
