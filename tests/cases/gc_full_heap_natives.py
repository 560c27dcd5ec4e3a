# Natives that check for room before building a big result must collect first: with the heap
# full of garbage, json.dumps and math.factorial still succeed (they raised MemoryError).
import gc
import json
import math

record = {"name": "board", "pins": [2, 4, 5, 12], "temp": 21.5, "meta": {"tags": ["a", "bb"]}}
total = 0
for i in range(3000):
    record["id"] = i
    text = json.dumps(record)
    back = json.loads(text)
    total += len(text) + back["id"]
print(total)

junk = None
for i in range(2000):
    junk = [i] * 20
    f = math.factorial(300)
print(f % 1000003)
