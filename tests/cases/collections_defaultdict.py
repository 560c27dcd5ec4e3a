# collections.defaultdict: factories, nesting, copy, and the errors.
from collections import defaultdict
words = defaultdict(list)
for w in 'apple avocado banana blueberry cherry'.split():
    words[w[0]].append(w)
print(sorted(words.items()), len(words), 'z' in words, words.get('z'))
counts = defaultdict(int, {'seed': 5})
for c in 'hello':
    counts[c] += 1
print(sorted(counts.items()), isinstance(counts, dict))
print(defaultdict(list, a=[1]), counts.copy()['seed'], counts.copy().default_factory is int)
plain = defaultdict()
try:
    plain['missing']
except KeyError:
    print('KeyError', plain.default_factory)
try:
    defaultdict(5)
except TypeError:
    print('TypeError factory')
nested = defaultdict(lambda: defaultdict(int))
nested['a']['b'] += 2
print(nested['a']['b'], len(nested['x']), sorted(nested))
