# The error texts MicroPython gives (they differ from CPython's).
cases = [
    lambda: 1 + 'a',
    lambda: [][1],
    lambda: int('x'),
    lambda: None.foo,
    lambda: 1 / 0,
    lambda: 5 % 0,
    lambda: undefined_name,
    lambda: len(5),
]
for case in cases:
    try:
        case()
    except Exception as e:
        print(type(e).__name__ + ':', e)
