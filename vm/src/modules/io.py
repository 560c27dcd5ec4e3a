# io: in-memory text and binary streams (MicroPython's io.StringIO and io.BytesIO), frozen
# into the VM. Python rather than Rust because every stream protocol (with, for, print(file=))
# then works through ordinary special methods. Positions count characters for StringIO (bytes
# in MicroPython; the same for ASCII) and bytes for BytesIO.


class IOBase:
    # MicroPython's base for streams written in Python (for os.dupterm and friends).
    pass


class _Stream(IOBase):
    # The contents are self._v (str or bytearray) plus, for text, chunks written at the end
    # and not yet joined: appending stays linear however many small writes come.
    def __init__(self, initial):
        self._v = initial
        self._tail = []
        self._pos = 0
        self._closed = False

    def _flat(self):
        if self._closed:
            raise ValueError('I/O operation on closed file')
        if self._tail:
            self._v = self._v + self._empty.join(self._tail)
            self._tail = []
        return self._v

    def write(self, s):
        if not isinstance(s, self._kinds):
            raise TypeError(self._kind_error)
        if self._closed:
            raise ValueError('I/O operation on closed file')
        n = len(s)
        size = len(self._v)
        if self._tail:
            size += sum(len(c) for c in self._tail)
        if self._pos == size and self._text:
            self._tail.append(s)
        else:
            v = self._flat()
            if self._pos > size:
                # Writing past the end fills the gap with zeros, as a file would.
                v = v + self._pad * (self._pos - size)
            if self._text:
                v = v[:self._pos] + s + v[self._pos + n:]
            else:
                v[self._pos:self._pos + n] = s
            self._v = v
        self._pos += n
        return n

    def read(self, size=-1):
        v = self._flat()
        start = self._pos
        if size is None or size < 0:
            end = len(v)
        else:
            end = min(start + size, len(v))
        if start >= end:
            return self._wrap(self._empty)
        self._pos = end
        return self._wrap(v[start:end])

    def readline(self, size=-1):
        v = self._flat()
        start = self._pos
        end = v.find(self._newline, start)
        end = len(v) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, start + size)
        if start >= end:
            return self._wrap(self._empty)
        self._pos = end
        return self._wrap(v[start:end])

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def getvalue(self):
        return self._wrap(self._flat())

    def seek(self, offset, whence=0):
        v = self._flat()
        if whence == 0:
            if offset < 0:
                raise ValueError('negative seek position')
            pos = offset
        elif whence == 1:
            pos = self._pos + offset
        elif whence == 2:
            pos = len(v) + offset
        else:
            raise ValueError('invalid whence')
        # A negative offset from the current position or the end stops at 0 (MicroPython and
        # CPython agree; POSIX would fail).
        self._pos = pos if pos > 0 else 0
        return self._pos

    def tell(self):
        if self._closed:
            raise ValueError('I/O operation on closed file')
        return self._pos

    def flush(self):
        if self._closed:
            raise ValueError('I/O operation on closed file')

    def close(self):
        self._closed = True
        self._v = self._empty
        self._tail = []

    @property
    def closed(self):
        return self._closed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class StringIO(_Stream):
    _text = True
    _kinds = str
    _kind_error = 'string argument expected'
    _empty = ''
    _pad = '\x00'
    _newline = '\n'

    def __init__(self, initial=''):
        if not isinstance(initial, str):
            raise TypeError('string argument expected')
        _Stream.__init__(self, initial)

    def _wrap(self, s):
        return s


class BytesIO(_Stream):
    _text = False
    _kinds = (bytes, bytearray)
    _kind_error = 'object with buffer protocol required'
    _empty = b''
    _pad = b'\x00'
    _newline = b'\n'

    def __init__(self, initial=b''):
        if not isinstance(initial, (bytes, bytearray)):
            raise TypeError('object with buffer protocol required')
        _Stream.__init__(self, bytearray(initial))

    def _wrap(self, b):
        return bytes(b)

    def readinto(self, buf):
        data = self.read(len(buf))
        buf[:len(data)] = data
        return len(data)
