# Method calls and attribute access on instances of small classes.
class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


class Counter:
    def __init__(self):
        self.count = 0

    def bump(self, by):
        self.count += by
        return self.count


def run(n):
    acc = Vec(0, 0)
    step = Vec(1, 2)
    c = Counter()
    for i in range(n):
        acc = acc.add(step)
        c.bump(acc.dot(step) & 7)
    return acc.x, acc.y, c.count


print(run(60000))
