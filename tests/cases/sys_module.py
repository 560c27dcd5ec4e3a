# sys as on MicroPython's ESP32 port: streams, print_exception (positional only), the
# implementation attrtuple, and the constants.
import sys

print(sys.platform, sys.byteorder, sys.maxsize, sys.path)
print(sys.implementation.name, sys.implementation[0], sys.implementation.version[:3] >= (1, 20))
print(len(sys.implementation) >= 3)
print(type(sys.implementation.version[3]), sys.version_info[:2], sys.version.startswith('3.4.0'))
print(sys.stdin, sys.stdout, sys.stderr, sys.stdout.buffer)
print(type(sys.argv), type(sys.modules))
print(sys.stdout.write('written\n'))
print(sys.stdout.buffer.write(b'raw bytes\n'))


def fail():
    raise ValueError('shown')


try:
    fail()
except ValueError as e:
    sys.print_exception(e)
    sys.print_exception(e, sys.stdout)
    try:
        sys.print_exception(e, file=sys.stdout)
    except TypeError as t:
        print('TypeError', t)


import io

buf = io.StringIO()
sys.print_exception(KeyError('k'), buf)
print(repr(buf.getvalue()))
try:
    sys.exit(3)
except SystemExit as e:
    print('SystemExit', e.args)
