# ds18x20: DS18B20, DS18S20 and DS1822 thermometers on a onewire.OneWire bus, with the API of
# MicroPython's drivers/onewire/ds18x20: scan, convert_temp (then wait 750 ms), read_temp.

_CONVERT = 0x44
_READ_SCRATCH = 0xBE
_WRITE_SCRATCH = 0x4E
_FAMILIES = (0x10, 0x22, 0x28)


class DS18X20:
    def __init__(self, onewire):
        self.ow = onewire
        self.buf = bytearray(9)

    def scan(self):
        return [rom for rom in self.ow.scan() if rom[0] in _FAMILIES]

    def convert_temp(self):
        # Every sensor on the bus at once.
        self.ow.reset(True)
        self.ow.writebyte(self.ow.SKIP_ROM)
        self.ow.writebyte(_CONVERT)

    def read_scratch(self, rom):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_READ_SCRATCH)
        self.ow.readinto(self.buf)
        if self.ow.crc8(self.buf):
            raise Exception("CRC error")
        return self.buf

    def write_scratch(self, rom, buf):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_WRITE_SCRATCH)
        self.ow.write(buf)

    def read_temp(self, rom):
        b = self.read_scratch(rom)
        if rom[0] == 0x10:
            # DS18S20: half degrees, refined by COUNT_REMAIN / COUNT_PER_C.
            t = b[0] >> 1
            if b[1]:
                t -= 128
            return t - 0.25 + (b[7] - b[6]) / b[7]
        # Sixteenths of a degree, two's complement.
        t = b[1] << 8 | b[0]
        if t & 0x8000:
            t -= 0x10000
        return t / 16
