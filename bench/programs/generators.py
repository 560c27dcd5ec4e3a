# Generators: yield, generator expressions and chained iteration.
def numbers(n):
    i = 0
    while i < n:
        yield i
        i += 1


def evens(source):
    for v in source:
        if v % 2 == 0:
            yield v


def run(n):
    total = 0
    for _ in range(5):
        total += sum(v * 3 for v in evens(numbers(n)))
    return total


print(run(40000))
