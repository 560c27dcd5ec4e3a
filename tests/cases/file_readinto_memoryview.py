# f.readinto() fills a memoryview of a bytearray, as mpremote's file hashing does.
with open('rim.bin', 'wb') as f:
    f.write(b'abcdefghij')
buf = bytearray(4)
mv = memoryview(buf)
with open('rim.bin', 'rb') as f:
    while True:
        n = f.readinto(mv)
        if not n:
            break
        print(n, bytes(buf[:n]))
import os
os.remove('rim.bin')
