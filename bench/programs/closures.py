# Closures and nonlocal: making and calling small functions that capture variables.
def make_counter(step):
    count = 0

    def bump():
        nonlocal count
        count += step
        return count

    return bump


def compose(f, g):
    return lambda x: f(g(x))


def run(n):
    total = 0
    counters = [make_counter(i) for i in range(1, 6)]
    double_inc = compose(lambda x: x * 2, lambda x: x + 1)
    for i in range(n):
        total += counters[i % 5]() + double_inc(i)
    return total


print(run(50000))
