# String building: f-strings, % and str.format, slicing and find.
def run(n):
    total = 0
    for i in range(n):
        a = f"pin {i % 40:02d} = {i * 3}"
        b = "%s:%d:%x" % ("led", i, i)
        c = "{}-{:>5}".format(a[:6], i % 1000)
        s = a + b + c
        total += len(s) + s.find("=") + (1 if s.startswith("pin") else 0)
    return total


print(run(20000))
