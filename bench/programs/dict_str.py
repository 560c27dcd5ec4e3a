# Dict and str work: split text into words, count them, build and join strings.
WORDS = "the quick brown fox jumps over the lazy dog while a small board blinks its led".split()


def run(rounds):
    counts = {}
    for r in range(rounds):
        line = " ".join(WORDS[(r + i) % len(WORDS)] for i in range(12))
        for word in line.split():
            key = word.upper() + str(len(word))
            counts[key] = counts.get(key, 0) + 1
    parts = []
    for key in sorted(counts):
        parts.append("%s=%d" % (key, counts[key]))
    return ",".join(parts)


out = run(2500)
print(len(out), out[:60])
