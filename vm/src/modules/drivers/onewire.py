# onewire: the Dallas/Maxim 1-Wire bus over the native _onewire time slots, with the API of
# MicroPython's drivers/onewire: reset, bit and byte I/O, ROM selection and ROM search.

import _onewire


class OneWireError(Exception):
    pass


class OneWire:
    SEARCH_ROM = 0xF0
    MATCH_ROM = 0x55
    SKIP_ROM = 0xCC

    def __init__(self, pin):
        self.pin = pin
        pin.init(pin.OPEN_DRAIN, pin.PULL_UP)

    def reset(self, required=False):
        present = _onewire.reset(self.pin)
        if required and not present:
            raise OneWireError
        return present

    def readbit(self):
        return _onewire.readbit(self.pin)

    def readbyte(self):
        return _onewire.readbyte(self.pin)

    def readinto(self, buf):
        for i in range(len(buf)):
            buf[i] = _onewire.readbyte(self.pin)

    def writebit(self, value):
        return _onewire.writebit(self.pin, value)

    def writebyte(self, value):
        return _onewire.writebyte(self.pin, value)

    def write(self, buf):
        for b in buf:
            _onewire.writebyte(self.pin, b)

    def select_rom(self, rom):
        self.reset()
        self.writebyte(self.MATCH_ROM)
        self.write(rom)

    def crc8(self, data):
        return _onewire.crc8(data)

    def scan(self):
        # Walk the ROM tree: each pass follows the previous ROM up to its last unexplored
        # branch point, takes the 1 branch there and 0 at every later fork.
        roms = []
        last = None
        fork = 0
        for _ in range(0xFF):
            rom, fork = self._search(last, fork)
            if rom is None:
                break
            roms.append(rom)
            last = rom
            if fork == 0:
                break
        return roms

    def _search(self, last, fork):
        # One SEARCH ROM pass. Bits are numbered 1..64; returns the ROM found and the
        # highest-numbered fork where it took the 0 branch (0 when none is left).
        if not self.reset():
            return None, 0
        self.writebyte(self.SEARCH_ROM)
        rom = bytearray(8)
        new_fork = 0
        for n in range(1, 65):
            byte, bit = (n - 1) >> 3, (n - 1) & 7
            b = self.readbit()
            complement = self.readbit()
            if b and complement:
                # Nobody answered: the bus changed under us.
                return None, 0
            if b == complement:
                # Devices differ here.
                if n < fork:
                    b = (last[byte] >> bit) & 1
                else:
                    b = 1 if n == fork else 0
                if not b:
                    new_fork = n
            self.writebit(b)
            if b:
                rom[byte] |= 1 << bit
        return rom, new_fork
