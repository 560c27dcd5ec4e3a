from machine import Pin, I2C
import ssd1306
import time

i2c = I2C(0, scl=Pin(22), sda=Pin(21))
oled = ssd1306.SSD1306_I2C(128, 64, i2c)
oled.fill(0)
oled.text("Hello, ESP32!", 0, 8)
oled.show()
count = 0
while True:
    oled.fill_rect(0, 24, 128, 8, 0)
    oled.text("Count: {}".format(count), 0, 24)
    oled.show()
    count += 1
    time.sleep_ms(200)
