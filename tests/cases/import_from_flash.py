# Modules the user saved on the board's flash import like built-in ones: '' then /lib.
import os
with open('sensors.py', 'w') as f:
    f.write('SCALE = 3\ndef read(x):\n    return x * SCALE\n')
os.mkdir('/lib')
with open('/lib/helpers.py', 'w') as f:
    f.write('def greet(name):\n    return "hi " + name\n')
import sensors
from helpers import greet
print(sensors.read(14), greet('board'))
with open('broken.py', 'w') as f:
    f.write('def f(:\n')
try:
    import broken
except SyntaxError:
    print('SyntaxError')
try:
    import missing_module
except ImportError:
    print('ImportError')
