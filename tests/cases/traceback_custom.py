class SensorError(Exception):
    pass

def read(address):
    raise SensorError('no reply from 0x%02x' % address)

print('start')
read(0x3c)
print('never')
