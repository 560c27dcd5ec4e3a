# A driver file the user copied to the board is imported instead of the frozen one, as
# MicroPython's sys.path ('', '.frozen', '/lib') does; without it, the frozen one is used.
import os
import ssd1306
print(hasattr(ssd1306, 'SSD1306_I2C'))
with open('lcd_api.py', 'w') as f:
    f.write("MINE = True\n")
import lcd_api
print(lcd_api.MINE)
os.remove('lcd_api.py')
