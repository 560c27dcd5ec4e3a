# random: MicroPython's yasmarang sequence (checked against the C generator), determinism
# after seed, ranges of every function, and the errors MicroPython raises.
import random
print(random.getrandbits(32), random.getrandbits(32), random.getrandbits(32))
random.seed(42)
print(random.getrandbits(32), random.getrandbits(32), random.getrandbits(32))
random.seed(42)
a = [random.randint(1, 6) for _ in range(20)]
random.seed(42)
b = [random.randint(1, 6) for _ in range(20)]
print(a == b, min(a) >= 1, max(a) <= 6)
random.seed(7)
counts = [0] * 6
for _ in range(600):
    counts[random.randrange(6)] += 1
print(all(c > 50 for c in counts), sum(counts))
vals = [random.randrange(10, 20, 3) for _ in range(200)]
print(sorted(set(vals)))
vals = [random.randrange(20, 10, -5) for _ in range(100)]
print(sorted(set(vals)))
fs = [random.random() for _ in range(500)]
print(all(0.0 <= f < 1.0 for f in fs), 0.4 < sum(fs) / len(fs) < 0.6)
us = [random.uniform(-2, 3) for _ in range(200)]
print(all(-2 <= u <= 3 for u in us))
print(random.choice('x'), random.choice([5]), random.choice((1, 2, 3)) in (1, 2, 3))
print(random.getrandbits(0), 0 <= random.getrandbits(1) <= 1, random.getrandbits(8) < 256)
big = random.randrange(2 ** 40)
print(0 <= big < 2 ** 40, random.randint(5, 5))
random.seed()
print(0 <= random.randint(0, 100) <= 100)
def attempt(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__)
attempt(random.randrange, 0)
attempt(random.randrange, 5, 5)
attempt(random.randrange, 1, 10, 0)
attempt(random.randrange, 10, 1, 2)
attempt(random.randint, 3, 2)
attempt(random.choice, [])
attempt(random.getrandbits, 33)
attempt(random.getrandbits, -1)
