class Sleep:
    def __await__(self):
        yield "tick"
        return 5
class Res:
    def __init__(self, n, log): self.n, self.log = n, log
    async def __aenter__(self):
        await Sleep(); self.log.append("enter " + self.n); return self
    async def __aexit__(self, t, e, tb):
        self.log.append("exit %s %s" % (self.n, t.__name__ if t else None)); return t is ValueError
class Tick:
    def __init__(self, n): self.n = n
    def __aiter__(self): return self
    async def __anext__(self):
        if self.n == 0: raise StopAsyncIteration
        self.n -= 1
        await Sleep()
        return self.n
async def sub(x):
    v = await Sleep()
    return x + v
async def main():
    log = []
    async with Res("a", log) as r:
        log.append("in " + r.n)
    async with Res("b", log):
        raise ValueError
    try:
        async with Res("c", log):
            raise KeyError
    except KeyError:
        log.append("caught")
    vals = []
    async for v in Tick(3):
        vals.append(v)
    async for v in Tick(5):
        if v == 2:
            break
        vals.append(-v)
    r = await sub(10)
    return log, vals, r
def run(coro):
    ticks = 0
    try:
        while True:
            coro.send(None); ticks += 1
    except StopIteration as e:
        return e.value, ticks
print(run(main()))
