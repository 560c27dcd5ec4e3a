# Running out of heap raises MemoryError; freeing the data lets the program go on.
try:
    big = [0] * 10_000_000
    print('allocated?!')
except MemoryError:
    print('MemoryError for a huge list')
try:
    huge = 'x' * 100_000_000
except MemoryError:
    print('MemoryError for a huge string')
try:
    n = 1 << 10_000_000
except MemoryError:
    print('MemoryError for a huge int')
chunks = []
try:
    while True:
        chunks.append('y' * 1000)
except MemoryError:
    filled = len(chunks) > 10
    chunks = None
    print('filled the heap:', filled)
import gc
gc.collect()
print(gc.mem_free() > 100_000, sum(range(100)))
