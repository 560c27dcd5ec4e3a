# collections: deque, namedtuple, OrderedDict and defaultdict, frozen into the VM. Python
# rather than Rust because each is a small class whose protocols (len, iteration, indexing,
# comparison, repr) then come from ordinary special methods and from the built-in types they
# subclass.


class deque:
    # A ring buffer: self._buf holds the items from self._head on, wrapping round, so both
    # ends are O(1). It grows by doubling, but never past maxlen.
    def __init__(self, iterable=(), maxlen=None, flags=0):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        cap = 8 if maxlen is None else max(1, min(maxlen, 8))
        self._buf = [None] * cap
        self._head = 0
        self._len = 0
        # MicroPython's flags=1: overflowing a full deque raises IndexError instead of dropping.
        self._flags = flags
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _grow(self):
        cap = len(self._buf)
        new = cap * 2
        if self._maxlen is not None and new > self._maxlen:
            new = self._maxlen
        items = list(self)
        self._buf = items + [None] * (new - len(items))
        self._head = 0

    def _full(self):
        # True when an item must be dropped to make room (or the deque can't hold any).
        if self._len != self._maxlen:
            return False
        if self._flags & 1:
            raise IndexError('full')
        return True

    def append(self, x):
        if self._full():
            if self._maxlen:
                # The slot after the last item is the head's: overwrite the oldest item.
                self._buf[self._head] = x
                self._head = (self._head + 1) % len(self._buf)
            return
        if self._len == len(self._buf):
            self._grow()
        self._buf[(self._head + self._len) % len(self._buf)] = x
        self._len += 1

    def appendleft(self, x):
        if self._full():
            if self._maxlen:
                # The slot before the head holds the newest item: it is the one dropped.
                self._head = (self._head - 1) % len(self._buf)
                self._buf[self._head] = x
            return
        if self._len == len(self._buf):
            self._grow()
        self._head = (self._head - 1) % len(self._buf)
        self._buf[self._head] = x
        self._len += 1

    def pop(self):
        if not self._len:
            raise IndexError('empty')
        i = (self._head + self._len - 1) % len(self._buf)
        x = self._buf[i]
        self._buf[i] = None
        self._len -= 1
        return x

    def popleft(self):
        if not self._len:
            raise IndexError('empty')
        x = self._buf[self._head]
        self._buf[self._head] = None
        self._head = (self._head + 1) % len(self._buf)
        self._len -= 1
        return x

    def extend(self, iterable):
        if iterable is self:
            iterable = list(self)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(self)
        for x in iterable:
            self.appendleft(x)

    def clear(self):
        self._buf = [None] * len(self._buf)
        self._head = 0
        self._len = 0

    def rotate(self, n=1):
        if self._len:
            n %= self._len
            for _ in range(n):
                self.appendleft(self.pop())

    def count(self, x):
        return sum(1 for y in self if y == x)

    def index(self, x):
        for i, y in enumerate(self):
            if y == x:
                return i
        raise ValueError('deque.index(x): x not in deque')

    def copy(self):
        return deque(self, self._maxlen)

    def remove(self, x):
        items = list(self)
        items.remove(x)
        self.clear()
        self.extend(items)

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError('deque indices must be integers')
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError('deque index out of range')
        return (self._head + i) % len(self._buf)

    def __getitem__(self, i):
        return self._buf[self._index(i)]

    def __setitem__(self, i, x):
        self._buf[self._index(i)] = x

    def __len__(self):
        return self._len

    def __bool__(self):
        return self._len > 0

    def __iter__(self):
        buf = self._buf
        for i in range(self._len):
            yield buf[(self._head + i) % len(buf)]

    def __contains__(self, x):
        for y in self:
            if y == x:
                return True
        return False

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return list(self) == list(other)

    def __repr__(self):
        if self._maxlen is None:
            return 'deque(%r)' % (list(self),)
        return 'deque(%r, maxlen=%d)' % (list(self), self._maxlen)


def _field_getter(i):
    return property(lambda self: self[i])


def _is_identifier(s):
    if not s or not (s[0].isalpha() or s[0] == '_'):
        return False
    for c in s:
        if not (c.isalpha() or c.isdigit() or c == '_'):
            return False
    return True


def namedtuple(typename, field_names):
    if isinstance(field_names, str):
        field_names = field_names.replace(',', ' ').split()
    fields = tuple(field_names)
    for name in (typename,) + fields:
        if not isinstance(name, str) or not _is_identifier(name):
            raise ValueError('Type names and field names must be valid identifiers: %r' % (name,))
    seen = set()
    for name in fields:
        if name.startswith('_'):
            raise ValueError('Field names cannot start with an underscore: %r' % (name,))
        if name in seen:
            raise ValueError('Encountered duplicate field name: %r' % (name,))
        seen.add(name)
    n = len(fields)

    def __new__(cls, *args, **kw):
        if len(args) > n:
            raise TypeError('%s() takes %d positional arguments but %d were given' % (typename, n, len(args)))
        values = list(args)
        for name in fields[len(args):]:
            if name not in kw:
                raise TypeError("%s() missing required argument: '%s'" % (typename, name))
            values.append(kw.pop(name))
        for name in kw:
            if name in fields:
                raise TypeError("%s() got multiple values for argument '%s'" % (typename, name))
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (typename, name))
        return tuple.__new__(cls, values)

    def __repr__(self):
        return '%s(%s)' % (typename, ', '.join('%s=%r' % (f, v) for f, v in zip(fields, self)))

    def __setattr__(self, name, value):
        raise AttributeError("can't set attribute")

    def _make(cls, iterable):
        return cls(*iterable)

    def _replace(self, **kw):
        return type(self)(*[kw.pop(f, v) for f, v in zip(fields, self)], **kw)

    def _asdict(self):
        return dict(zip(fields, self))

    ns = {
        '__new__': __new__,
        '__repr__': __repr__,
        '__setattr__': __setattr__,
        '_fields': fields,
        '_make': classmethod(_make),
        '_replace': _replace,
        '_asdict': _asdict,
    }
    for i, name in enumerate(fields):
        ns[name] = _field_getter(i)
    return type(typename, (tuple,), ns)


class OrderedDict(dict):
    # esprit's dicts already keep insertion order; this adds OrderedDict's own methods.
    def popitem(self, last=True):
        if not self:
            raise KeyError('popitem(): dictionary is empty')
        if last:
            return dict.popitem(self)
        key = next(iter(self))
        return (key, self.pop(key))

    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
        else:
            rest = list(self.items())
            self.clear()
            self[key] = value
            self.update(rest)

    def __repr__(self):
        return 'OrderedDict(%s)' % dict.__repr__(self)


class defaultdict(dict):
    # Not in MicroPython's built-in collections (micropython-lib adds it); cheap here, and
    # common in programs written for CPython.
    def __init__(self, default_factory=None, *args, **kw):
        if default_factory is not None and not callable(default_factory):
            raise TypeError('first argument must be callable or None')
        dict.__init__(self, *args, **kw)
        self.default_factory = default_factory

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self)

    def __repr__(self):
        return 'defaultdict(%r, %s)' % (self.default_factory, dict.__repr__(self))
