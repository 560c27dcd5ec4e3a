# json: dumps and loads of nested records.
import json


def run(rounds):
    record = {
        "name": "board",
        "pins": [2, 4, 5, 12, 13, 14, 15],
        "ok": True,
        "temp": 21.5,
        "meta": {"fw": "1.0", "tags": ["a", "bb", "ccc"], "none": None},
    }
    total = 0
    for i in range(rounds):
        record["id"] = i
        text = json.dumps(record)
        back = json.loads(text)
        total += len(text) + back["id"] + len(back["pins"])
    return total


print(run(3000))
