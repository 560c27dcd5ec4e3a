from machine import Pin, I2C
import dht
import ssd1306
import time

sensor = dht.DHT22(Pin(15))
i2c = I2C(0, scl=Pin(22), sda=Pin(21))
oled = ssd1306.SSD1306_I2C(128, 64, i2c)

while True:
    sensor.measure()
    t = sensor.temperature()
    h = sensor.humidity()
    oled.fill(0)
    oled.text("Temp: {:.1f} C".format(t), 0, 0)
    oled.text("Hum:  {:.1f} %".format(h), 0, 8)
    oled.show()
    print("T={:.1f} H={:.1f}".format(t, h))
    time.sleep(2)
