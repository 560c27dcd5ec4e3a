# Integer arithmetic in a tight while loop: dispatch and small-int fast paths.
def run(n):
    total = 0
    i = 0
    while i < n:
        total += (i * 7) % 13 - (i >> 2) + (i & 5)
        i += 1
    return total


print(run(300000))
