# gpio_lcd: an HD44780 LCD wired straight to GPIOs (RS, E, D4..D7, optionally D0..D3, RW and a
# backlight pin), with the API of the python_lcd drivers: GpioLcd(rs_pin=, enable_pin=,
# d4_pin=..d7_pin=, num_lines=, num_columns=). Four data pins give 4-bit mode, eight give
# 8-bit mode; four passed as d0..d3 are taken as D4..D7.

import time
from machine import Pin
from lcd_api import LcdApi


class GpioLcd(LcdApi):
    def __init__(self, rs_pin, enable_pin, d0_pin=None, d1_pin=None, d2_pin=None,
                 d3_pin=None, d4_pin=None, d5_pin=None, d6_pin=None, d7_pin=None,
                 rw_pin=None, backlight_pin=None, num_lines=2, num_columns=16):
        self.rs_pin = rs_pin
        self.enable_pin = enable_pin
        self.rw_pin = rw_pin
        self.backlight_pin = backlight_pin
        if d4_pin and d5_pin and d6_pin and d7_pin:
            high = [d4_pin, d5_pin, d6_pin, d7_pin]
            low = [d0_pin, d1_pin, d2_pin, d3_pin]
            self._4bit = not (d0_pin and d1_pin and d2_pin and d3_pin)
        else:
            high = [d0_pin, d1_pin, d2_pin, d3_pin]
            low = [None] * 4
            self._4bit = True
        self.d0_pin, self.d1_pin, self.d2_pin, self.d3_pin = low
        self.d4_pin, self.d5_pin, self.d6_pin, self.d7_pin = high
        outputs = [rs_pin, rw_pin, backlight_pin, enable_pin] + high
        if not self._4bit:
            outputs += low
        for pin in outputs:
            if pin is not None:
                pin.init(Pin.OUT)
                pin.value(0)
        time.sleep_ms(20)  # power-up
        # Three 8-bit function sets wake the controller, then the mode it should run in.
        for pause in (5, 1, 1):
            self.hal_write_init_nibble(self.LCD_FUNCTION_RESET)
            time.sleep_ms(pause)
        cmd = self.LCD_FUNCTION
        if not self._4bit:
            cmd |= self.LCD_FUNCTION_8BIT
        self.hal_write_init_nibble(cmd)
        time.sleep_ms(1)
        LcdApi.__init__(self, num_lines, num_columns)
        if num_lines > 1:
            cmd |= self.LCD_FUNCTION_2LINES
        self.hal_write_command(cmd)

    def hal_pulse_enable(self):
        # E high for more than 450 ns; the controller then needs about 37 µs.
        self.enable_pin.value(0)
        time.sleep_us(1)
        self.enable_pin.value(1)
        time.sleep_us(1)
        self.enable_pin.value(0)
        time.sleep_us(100)

    def hal_write_init_nibble(self, nibble):
        self.hal_write_4bits(nibble >> 4)

    def hal_backlight_on(self):
        if self.backlight_pin:
            self.backlight_pin.value(1)

    def hal_backlight_off(self):
        if self.backlight_pin:
            self.backlight_pin.value(0)

    def hal_write_command(self, cmd):
        self.rs_pin.value(0)
        self.hal_write_8bits(cmd)
        if cmd <= 3:
            # Clear and home take up to 1.52 ms.
            time.sleep_ms(5)

    def hal_write_data(self, data):
        self.rs_pin.value(1)
        self.hal_write_8bits(data)

    def hal_write_8bits(self, value):
        if self.rw_pin:
            self.rw_pin.value(0)
        if self._4bit:
            self.hal_write_4bits(value >> 4)
            self.hal_write_4bits(value)
        else:
            self.d3_pin.value(value & 0x08)
            self.d2_pin.value(value & 0x04)
            self.d1_pin.value(value & 0x02)
            self.d0_pin.value(value & 0x01)
            self.hal_write_4bits(value >> 4)

    def hal_write_4bits(self, nibble):
        self.d7_pin.value(nibble & 0x08)
        self.d6_pin.value(nibble & 0x04)
        self.d5_pin.value(nibble & 0x02)
        self.d4_pin.value(nibble & 0x01)
        self.hal_pulse_enable()
