# DHT22 weather station: temperature and humidity from a DHT22 on GPIO15, on the console and
# on the OLED.
from machine import Pin, I2C
import dht
import ssd1306
import time

sensor = dht.DHT22(Pin(15))
oled = ssd1306.SSD1306_I2C(128, 64, I2C(0, scl=Pin(22), sda=Pin(21)))

while True:
    sensor.measure()
    t, h = sensor.temperature(), sensor.humidity()
    print("temperature {:.1f} C, humidity {:.1f} %".format(t, h))
    oled.fill(0)
    oled.text("Weather", 0, 0)
    oled.text("T: {:.1f} C".format(t), 0, 20)
    oled.text("H: {:.1f} %".format(h), 0, 32)
    oled.show()
    time.sleep(2)
