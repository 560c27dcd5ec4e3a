# Lab: DHT22 weather station on the OLED
# DHT22 data on GPIO15; SSD1306 OLED on I2C (SDA GPIO21, SCL GPIO22).
# Every 2 seconds: measure, then show
#   line 0: "Temp: 24.0 C"
#   line 1: "Hum:  40.0 %"     (two spaces after "Hum:")
# and print "T=24.0 H=40.0" on the serial console.
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
    # TODO: read the humidity, show both on the OLED, print them
    time.sleep(2)
