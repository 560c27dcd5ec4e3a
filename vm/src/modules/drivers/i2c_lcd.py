# i2c_lcd: an HD44780 LCD behind a PCF8574 I2C backpack (the usual 1602/2004 modules), with
# the API of the python_lcd drivers: I2cLcd(i2c, addr, rows, cols). The expander's pins are
# P0 RS, P1 RW, P2 E, P3 backlight, P4..P7 D4..D7; the controller runs in 4-bit mode and
# takes each nibble on the falling edge of E.

import time
from lcd_api import LcdApi

_MASK_RS = 0x01
_MASK_E = 0x04
_SHIFT_BACKLIGHT = 3
_SHIFT_DATA = 4


class I2cLcd(LcdApi):
    def __init__(self, i2c, i2c_addr, num_lines, num_columns):
        self.i2c = i2c
        self.i2c_addr = i2c_addr
        self.i2c.writeto(i2c_addr, bytes([0]))
        time.sleep_ms(20)  # power-up
        # Three 8-bit function sets wake the controller whatever mode it was in, then one
        # switches it to 4-bit mode (HD44780U datasheet, figure 24).
        for pause in (5, 1, 1):
            self.hal_write_init_nibble(self.LCD_FUNCTION_RESET)
            time.sleep_ms(pause)
        self.hal_write_init_nibble(self.LCD_FUNCTION)
        time.sleep_ms(1)
        LcdApi.__init__(self, num_lines, num_columns)
        cmd = self.LCD_FUNCTION
        if num_lines > 1:
            cmd |= self.LCD_FUNCTION_2LINES
        self.hal_write_command(cmd)

    def _pulse(self, byte):
        self.i2c.writeto(self.i2c_addr, bytes([byte | _MASK_E]))
        self.i2c.writeto(self.i2c_addr, bytes([byte]))

    def hal_write_init_nibble(self, nibble):
        self._pulse(((nibble >> 4) & 0x0F) << _SHIFT_DATA)

    def hal_backlight_on(self):
        self.i2c.writeto(self.i2c_addr, bytes([1 << _SHIFT_BACKLIGHT]))

    def hal_backlight_off(self):
        self.i2c.writeto(self.i2c_addr, bytes([0]))

    def _write(self, value, rs):
        light = self.backlight << _SHIFT_BACKLIGHT
        self._pulse(light | rs | (((value >> 4) & 0x0F) << _SHIFT_DATA))
        self._pulse(light | rs | ((value & 0x0F) << _SHIFT_DATA))

    def hal_write_command(self, cmd):
        self._write(cmd, 0)
        if cmd <= 3:
            # Clear and home take up to 1.52 ms (4.1 ms on slow clones).
            time.sleep_ms(5)

    def hal_write_data(self, data):
        self._write(data, _MASK_RS)
