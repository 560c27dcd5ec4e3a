# Lists: comprehensions, sorting with and without a key, slicing.
def run(n):
    seed = 12345
    data = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
        data.append(seed % 10000)
    total = 0
    for r in range(8):
        squares = [x * x % 977 for x in data if x % 3 != r % 3]
        squares.sort()
        by_key = sorted(data[: n // 2], key=lambda v: (v % 17, v))
        total += squares[len(squares) // 2] + by_key[0] + sum(squares[:10])
    return total


print(run(2000))
