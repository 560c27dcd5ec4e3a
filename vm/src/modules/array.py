# array: MicroPython's array.array, frozen into the VM. An array is a bytearray subclass, so
# its raw little-endian items are the buffer that bytes(), memoryview, struct and the
# machine buses read and write; items are packed with struct (sizes as on the ESP32: l and L
# are 4 bytes). Like MicroPython, an out-of-range int is cut to the item width.

import struct

_SIZES = {'b': 1, 'B': 1, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 4, 'L': 4,
          'q': 8, 'Q': 8, 'f': 4, 'd': 8}


class array(bytearray):
    def __init__(self, typecode, init=None):
        if not isinstance(typecode, str) or typecode not in _SIZES:
            raise ValueError('bad typecode')
        self.typecode = typecode
        self.itemsize = _SIZES[typecode]
        self._n = 0
        if init is not None:
            self.extend(init)

    def _raw(self, data):
        # Appends packed bytes; a buffer that isn't a whole number of items is cut short.
        n = len(data) // self.itemsize
        super().extend(data[:n * self.itemsize])
        self._n += n

    def tolist(self):
        if not self._n:
            return []
        return list(struct.unpack('<%d%s' % (self._n, self.typecode), self))

    def append(self, value):
        self._raw(struct.pack('<' + self.typecode, value))

    def extend(self, items):
        if isinstance(items, array):
            if items.typecode == self.typecode:
                self._raw(bytes(items))
                return
            items = items.tolist()
        elif isinstance(items, (bytes, bytearray, memoryview)):
            # MicroPython copies a plain buffer's bytes as they are.
            self._raw(bytes(items))
            return
        items = list(items)
        self._raw(struct.pack('<%d%s' % (len(items), self.typecode), *items))

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError('array indices must be integers')
        if i < 0:
            i += self._n
        if i < 0 or i >= self._n:
            raise IndexError('array index out of range')
        return i

    def __len__(self):
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return array(self.typecode, self.tolist()[i])
        i = self._index(i)
        return struct.unpack_from('<' + self.typecode, self, i * self.itemsize)[0]

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            raise NotImplementedError('array slice assignment')
        i = self._index(i)
        struct.pack_into('<' + self.typecode, self, i * self.itemsize, value)

    def __iter__(self):
        return iter(self.tolist())

    def __contains__(self, value):
        return value in self.tolist()

    def __eq__(self, other):
        if isinstance(other, array):
            return self.tolist() == other.tolist()
        if isinstance(other, (bytes, bytearray)):
            return bytes(self) == bytes(other)
        return False

    def __ne__(self, other):
        return not self == other

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError("can't concatenate array with %s" % type(other).__name__)
        out = array(self.typecode, self)
        out.extend(other)
        return out

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return array(self.typecode, bytes(self) * n)

    def __repr__(self):
        if not self._n:
            return "array('%s')" % self.typecode
        return "array('%s', %r)" % (self.typecode, self.tolist())

    def __str__(self):
        return self.__repr__()
