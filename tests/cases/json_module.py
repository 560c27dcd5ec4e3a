# json beyond the corpus: escapes, surrogate pairs, numbers, streams, separators, errors.
import json
import io

print(json.loads('"\\ud83d\\ude00"') == '\U0001F600', json.loads('"\\u00e9\\u4e2d"') == '\xe9\u4e2d')
print(json.loads('"a\\/b\\b\\f\\r"') == 'a/b\b\f\r', json.dumps('\b\f\x01\x1f'))
print(json.loads('-0'), json.loads('-0.0'), json.loads('1E3'), json.loads('2e-1'), json.loads('1e400'))
print(json.loads('-123456789012345678901234567890'), json.loads(' \t\n\r 7 \n'))
print(json.loads(b'[1, "b"]'), json.loads(bytearray(b'{"k": null}')))
print(json.loads('{"a": 1, "a": 2}'), json.loads('[{"x": [{"y": {}}]}]'))
print(json.dumps({'k': [1.5, -2, None]}, separators=(',', ':')))
print(json.dumps([1, 2], separators=[' , ', ' : ']), json.dumps({'a': 1}, separators=None))
print(json.dumps({1.5: 1}), json.dumps({None: 1}), json.dumps({True: 1}))
print(json.dumps(10**30), json.dumps(-10**30), json.dumps(1e16), json.dumps(0.1))
print(json.dumps([True, False, None, [], {}, ()]))

class Sub(dict):
    pass
s = Sub()
s['x'] = [1]
print(json.dumps(s))

out = io.StringIO()
json.dump({'stream': [1, 2]}, out)
json.dump([3], out, separators=(',', ':'))
print(out.getvalue())
print(json.load(io.StringIO('{"from": "stream"}')))

deep = '[' * 200 + ']' * 200
d = json.loads(deep)
n = 0
while d:
    d = d[0]
    n += 1
print('depth', n, len(json.dumps(json.loads(deep))))

# Lone surrogates (CPython keeps them; esprit's strings are UTF-8 and can't), Infinity and NaN
# (MicroPython rejects them) are errors here, not in CPython.
for bad in ['[1,]', '{"a":1,}', '{1: 2}', '{"a" 1}', '[1 2]', '01', '1.', '.5', '-', '1e', '+1',
            '"\\x"', '"\\u12"', '"\\ud800"', '"\\ud800\\u0041"', 'True', 'nulls', '[] []',
            '{"a"}', '["a"', '"abc', 'Infinity', 'NaN', ' ', '\x00']:
    try:
        print('parsed', repr(bad), json.loads(bad))
    except ValueError as e:
        print('ValueError', repr(bad))

def err(fn, *args, **kw):
    try:
        fn(*args, **kw)
        print('no error')
    except Exception as e:
        print(type(e).__name__)

err(json.loads, 5)
err(json.loads)
err(json.dumps, {1, 2})
err(json.dumps, [object()])
err(json.dumps, {(1, 2): 3})
err(json.dumps, [1], separators=(',',))
err(json.dumps, [1], separators=(1, 2))  # CPython only checks when a separator is used
err(json.dumps, [1], indent=2)
err(json.load, 'not a stream')
# A cycle: RecursionError (a RuntimeError, as in MicroPython; CPython says ValueError).
cycle = []
cycle.append(cycle)
err(json.dumps, cycle)
err(json.loads, '[' * 5000)
