# re: MicroPython's regular expressions, frozen into the VM. The engine is native (_re: the
# Rust backtracking matcher in vm/src/modules/re/); the objects and the loops of sub and split
# are here, where calling a replacement function is an ordinary call. Empty matches in sub and
# split follow CPython 3.7+: an empty match may not start where the previous empty match did.

import _re

DEBUG = 4096


class match:
    def __init__(self, string, spans):
        self._s = string
        self._spans = spans

    def __repr__(self):
        return '<match num=%d>' % (len(self._spans) // 2)

    def _index(self, n):
        if not isinstance(n, int):
            raise TypeError("can't convert %s to int" % type(n).__name__)
        if n < 0 or 2 * n >= len(self._spans):
            raise IndexError(n)
        return 2 * n

    def _group(self, n):
        i = self._index(n)
        a = self._spans[i]
        if a < 0:
            return None
        return self._s[a:self._spans[i + 1]]

    def group(self, *n):
        if not n:
            return self._group(0)
        if len(n) == 1:
            return self._group(n[0])
        return tuple(self._group(i) for i in n)

    def groups(self, default=None):
        out = []
        for n in range(1, len(self._spans) // 2):
            g = self._group(n)
            out.append(default if g is None else g)
        return tuple(out)

    def start(self, n=0):
        return self._spans[self._index(n)]

    def end(self, n=0):
        return self._spans[self._index(n) + 1]

    def span(self, n=0):
        i = self._index(n)
        return (self._spans[i], self._spans[i + 1])


_Match = match


_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}


def _expand(m, template):
    # \0-\9 and \g<n> name groups (one digit, as MicroPython reads them); \n \t \r \\ are
    # the control characters and the backslash, as in CPython. A bytes template is parsed as
    # text and its literal pieces encoded back.
    text = isinstance(template, str)
    t = template if text else template.decode()
    empty = template[:0]
    out = []
    i = 0
    n = len(t)
    while i < n:
        j = t.find('\\', i)
        if j < 0 or j + 1 >= n:
            j = n
        lit = t[i:j]
        if lit:
            out.append(lit if text else lit.encode())
        if j >= n:
            break
        c = t[j + 1]
        if '0' <= c <= '9':
            out.append(m.group(ord(c) - 48) or empty)
            i = j + 2
        elif c == 'g' and t[j + 2:j + 3] == '<':
            k = t.find('>', j + 3)
            if k < 0:
                raise ValueError('missing >')
            num = t[j + 3:k]
            if not num or not all('0' <= d <= '9' for d in num):
                raise ValueError('bad group reference')
            out.append(m.group(int(num)) or empty)
            i = k + 1
        else:
            lit = _ESCAPES.get(c, t[j:j + 2])
            out.append(lit if text else lit.encode())
            i = j + 2
    return empty.join(out)


class re:
    def __init__(self, pattern, flags=0):
        self._ngroups = _re.compile(pattern)
        self._p = pattern

    def _exec(self, string, pos, endpos, anchored, forbid):
        spans = _re.exec(self._p, string, pos, endpos, anchored, forbid)
        if spans is None:
            return None
        return _Match(string, spans)

    def match(self, string, pos=0, endpos=None):
        return self._exec(string, pos, endpos, True, -1)

    def search(self, string, pos=0, endpos=None):
        return self._exec(string, pos, endpos, False, -1)

    def _matches(self, string, limit):
        # Each match in turn, stepping past empty ones.
        pos = 0
        forbid = -1
        n = 0
        size = len(string)
        while (limit <= 0 or n < limit) and pos <= size:
            m = self._exec(string, pos, None, False, forbid)
            if m is None:
                return
            yield m
            n += 1
            a, b = m.span()
            pos = b
            forbid = b if a == b else -1

    def sub(self, repl, string, count=0):
        if count < 0:
            return string
        parts = []
        last = 0
        use_func = callable(repl)
        for m in self._matches(string, count):
            a, b = m.span()
            parts.append(string[last:a])
            parts.append(repl(m) if use_func else _expand(m, repl))
            last = b
        parts.append(string[last:])
        return string[:0].join(parts)

    def split(self, string, maxsplit=0):
        if maxsplit < 0:
            return [string]
        out = []
        last = 0
        for m in self._matches(string, maxsplit):
            a, b = m.span()
            out.append(string[last:a])
            out.extend(m.groups())
            last = b
        out.append(string[last:])
        return out


def compile(pattern, flags=0):
    if isinstance(pattern, re):
        return pattern
    return re(pattern, flags)


def match(pattern, string, flags=0):
    return compile(pattern, flags).match(string)


def search(pattern, string, flags=0):
    return compile(pattern, flags).search(string)


def sub(pattern, repl, string, count=0, flags=0):
    return compile(pattern, flags).sub(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return compile(pattern, flags).split(string, maxsplit)
