# Lab: OLED text and graphics
# A 128x64 SSD1306 display on I2C: SDA on GPIO21, SCL on GPIO22.
# Text lines are 8 pixels tall: line n starts at y = 8 * n.
from machine import Pin, I2C
import ssd1306
import time

i2c = I2C(0, scl=Pin(22), sda=Pin(21))
oled = ssd1306.SSD1306_I2C(128, 64, i2c)

oled.fill(0)
oled.text("Hello!", 0, 0)
oled.show()

# TODO:
# 1. Show "Hello, ESP32!" on line 0 instead.
# 2. Draw a frame around the bottom half of the screen (oled.rect).
# 3. Every 200 ms, show "Count: N" on line 3 (N = 0, 1, 2, ...): clear the old
#    text first with oled.fill_rect(0, 24, 128, 8, 0), then oled.show().
