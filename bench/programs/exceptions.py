# Exceptions raised and caught in a loop, with try/finally and custom classes.
class Oops(Exception):
    pass


def risky(i):
    if i % 3 == 0:
        raise Oops(i)
    if i % 5 == 0:
        raise ValueError("five")
    return i


def run(n):
    caught = 0
    cleaned = 0
    for i in range(n):
        try:
            try:
                risky(i)
            finally:
                cleaned += 1
        except Oops as e:
            caught += e.args[0] & 1
        except ValueError:
            caught += 2
    return caught, cleaned


print(run(30000))
