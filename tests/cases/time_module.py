# time: ticks arithmetic with MicroPython's 2^30 wrap-around, and the calendar functions on
# the ESP32 port's epoch (2000-01-01; the simulated clock starts there).
import time

print(time.ticks_add(2**30 - 1, 1), time.ticks_add(0, -1), time.ticks_add(100, 2**29 - 1))
print(time.ticks_diff(0, 2**30 - 1), time.ticks_diff(2**29, 0), time.ticks_diff(2**29 - 1, 0))
print(time.ticks_diff(time.ticks_add(12345, -500), 12345))
for d in (2**29, -2**29):
    try:
        time.ticks_add(5, d)
    except OverflowError as e:
        print('OverflowError', e)
t0 = time.ticks_ms()
time.sleep_ms(20)
print(20 <= time.ticks_diff(time.ticks_ms(), t0) < 1000)
u0 = time.ticks_us()
time.sleep_us(1500)
print(1500 <= time.ticks_diff(time.ticks_us(), u0) < 1000000)
print(type(time.ticks_cpu()), type(time.time()), type(time.time_ns()))
print(time.time_ns() // 1000000000 >= time.time())

print(time.gmtime(0))
print(time.gmtime(86400 * 366 + 12345))
print(time.localtime(762525015))
print(time.gmtime(-1))
print(time.localtime()[:1][0] >= 2000, len(time.localtime()))
print(time.mktime((2000, 1, 1, 0, 0, 0, 0, 0)), time.mktime((2024, 2, 29, 12, 30, 15, 0, 0)))
# Out-of-range fields carry over: month 13 is next January, day 0 the previous month's last.
print(time.mktime((2023, 13, 1, 0, 0, 0, 0, 0)) == time.mktime((2024, 1, 1, 0, 0, 0, 0, 0)))
print(time.localtime(time.mktime((2024, 3, 0, 0, 0, 0, 0, 0))))
print(time.mktime(time.localtime(1234567890)), time.mktime([2001, 1, 1, 0, 0, 0, 0, 0, 0]))
for bad in ((), (1, 2, 3), (2000, 1, 1, 0, 0, 0, 0, 0, 0, 0), 5):
    try:
        time.mktime(bad)
    except TypeError as e:
        print('TypeError', e)
