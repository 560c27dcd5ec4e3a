# re beyond the corpus: empty matches in sub/split, pos/endpos, spans, lazy and nested
# quantifiers, classes with escapes, unicode text, bytes subjects, and the errors.
import re
print(re.sub('x*', '-', 'abxd'), re.split('x*', 'axbc'), re.sub('', '.', 'ab'))
print(re.split(',', 'a,b,,c,'), re.split(',', 'a,b', -1), re.split(r'(,)', 'a,b'))
print(re.split(r'(a)|b', 'xaybz'))
print(re.sub('a', 'b', 'aaa', 2), re.sub('(a)(b)?', r'[\1\2]', 'aab'), re.sub('a', r'\\n', 'a'))
print(re.sub('(b)', r'<\g<1>\g<0>>', 'abc'), re.sub('a', '\n', 'bab') == 'b\nb')
m = re.search(r'(\d+)\.(\d+)?', 'v 12. x')
print(m.span(), m.span(1), m.span(2), m.start(), m.end(1), m.start(2), m.groups(), m.groups('-'))
print(m.group(0, 1), m.group())
p = re.compile(r'\w+')
print(p.search('  ab cd', 3).group(0), p.match('ab cd', 3).span(), p.match('abcdef', 1, 3).group(0))
print(p.search('abc', 5), p.search('abc', 1, 0), p.match('ab', -5).group(0))
print(re.match('a*?b', 'aaab').group(0), re.match('(a+?)(a*)', 'aaa').groups(), re.match('a??', 'a').group(0))
print(re.match('(a|b)*c', 'ababc').group(1), re.match('((ab)+|c)d', 'ababd').groups())
print(re.match('(a*)*b', 'aab').groups(), re.match('(a*)+', 'b').groups(), re.match('(a|)+c', 'aac').group(0))
print(re.findall if hasattr(re, 'findall') and False else 'no findall needed')
print(re.match(r'[\s\d]+', ' 1 2x').group(0), re.match(r'[^\w]+', '!? a').group(0), re.match(r'[\]\-]+', ']-]x').group(0))
print(re.match(r'\W\S\D', '!a!').group(0), re.match('[.]', 'x'), re.match(r'a\tb', 'a\tb') is not None)
print(re.search('é+', 'caféé!').span(), re.sub('[àé]', '_', 'àbé'), re.match('..', 'ÿé').group(0))
print(re.search(b'[0-9]+', b'ab123c').group(0), re.sub(b'a', b'X', b'banana'), re.split(b',', b'1,2'))
print(re.match('^$', '') is not None, re.search('^a', 'ba'), re.search('a$', 'ab'), re.search('a$', 'ba').span())
print(re.match('a}', 'a}').group(0))
print(re.compile(re.compile('x')).match('x').group(0))
m = re.match('(a)(b)?', 'a')
print(m.group(2), m.span(2), m.start(2), m.groups())
def attempt(f, *args):
    try:
        print(f(*args))
    except Exception as e:
        print(type(e).__name__)
for bad in ['(', 'a)', '*a', '[a', '(?P<x>a)', 'a**']:
    attempt(re.compile, bad)
attempt(m.group, 3)
attempt(m.group, -1)
attempt(m.span, 5)
attempt(re.match, 'a', 5)
attempt(re.sub, 'a', lambda m: 1, 'a')
# MicroPython's engine: braces are literals (no counted repetition), assertions and
# back-references are not supported, errors are ValueError, and runaway backtracking stops.
print(re.match('a{2}', 'a{2}').group(0), re.match('a{2}', 'aa'), re.match('(a)', 'a'))
attempt(re.compile, r'\bx')
attempt(re.compile, r'(a)\1')
attempt(re.match, '(a|a)*b', 'a' * 40)
print(re.match('.', '\n') is not None)
