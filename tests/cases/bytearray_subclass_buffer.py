# A bytearray subclass lends its buffer: bytes(), memoryview and struct see the wrapped bytes,
# not what the subclass's own __iter__ yields.
import struct
class Frame(bytearray):
    def __init__(self, data):
        super().extend(data)
    def __iter__(self):
        return iter([0])
f = Frame(b'\x01\x02\x03')
print(bytes(f), bytearray(f), struct.unpack('<HB', f), memoryview(f)[2])
struct.pack_into('<B', f, 0, 9)
print(bytes(f))
