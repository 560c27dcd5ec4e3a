# OLED text: an SSD1306 display on I2C (SDA GPIO21, SCL GPIO22) shows text and a counter.
from machine import Pin, I2C
import ssd1306
import time

oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))
oled.fill(0)
oled.text("Hello, esprit!", 0, 0)
oled.rect(0, 40, 128, 24, 1)
oled.show()

count = 0
while True:
    oled.fill_rect(0, 20, 128, 8, 0)
    oled.text("Count: {}".format(count), 0, 20)
    oled.show()
    count += 1
    time.sleep_ms(500)
