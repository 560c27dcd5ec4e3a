//! Interned strings (MicroPython's qstrs): identifiers, attribute names and short literals are
//! stored once and compared by index. Names the VM itself refers to are pre-interned with fixed
//! indices (`q::__init__` and friends), so Rust code can match on them without a lookup.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

/// The index of an interned string.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord, Default)]
pub struct Qstr(pub u32);

/// FNV-1a: the hash of a string's bytes. Heap strings cache it, qstrs keep it in the table, and
/// both use this function so equal contents hash equal whichever representation they have.
pub fn hash_bytes(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

macro_rules! static_qstrs {
    ($($name:ident = $s:expr,)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, reason = "variants spell Python names")]
        #[repr(u32)]
        enum Index { $($name,)* }
        /// Pre-interned names, spelled as Python spells them (keywords get a trailing `_`).
        #[allow(non_upper_case_globals, reason = "constants spell Python names")]
        pub mod q {
            use super::{Index, Qstr};
            $(pub const $name: Qstr = Qstr(Index::$name as u32);)*
        }
        static STATIC: &[&str] = &[$($s,)*];
    };
}

static_qstrs! {
    empty = "",
    __init__ = "__init__",
    __new__ = "__new__",
    __name__ = "__name__",
    __qualname__ = "__qualname__",
    __module__ = "__module__",
    __class__ = "__class__",
    __dict__ = "__dict__",
    __doc__ = "__doc__",
    __main__ = "__main__",
    __bases__ = "__bases__",
    __mro__ = "__mro__",
    __repr__ = "__repr__",
    __str__ = "__str__",
    __hash__ = "__hash__",
    __eq__ = "__eq__",
    __ne__ = "__ne__",
    __lt__ = "__lt__",
    __le__ = "__le__",
    __gt__ = "__gt__",
    __ge__ = "__ge__",
    __add__ = "__add__",
    __sub__ = "__sub__",
    __mul__ = "__mul__",
    __matmul__ = "__matmul__",
    __truediv__ = "__truediv__",
    __floordiv__ = "__floordiv__",
    __mod__ = "__mod__",
    __pow__ = "__pow__",
    __lshift__ = "__lshift__",
    __rshift__ = "__rshift__",
    __and__ = "__and__",
    __or__ = "__or__",
    __xor__ = "__xor__",
    __radd__ = "__radd__",
    __rsub__ = "__rsub__",
    __rmul__ = "__rmul__",
    __rmatmul__ = "__rmatmul__",
    __rtruediv__ = "__rtruediv__",
    __rfloordiv__ = "__rfloordiv__",
    __rmod__ = "__rmod__",
    __rpow__ = "__rpow__",
    __rlshift__ = "__rlshift__",
    __rrshift__ = "__rrshift__",
    __rand__ = "__rand__",
    __ror__ = "__ror__",
    __rxor__ = "__rxor__",
    __iadd__ = "__iadd__",
    __isub__ = "__isub__",
    __imul__ = "__imul__",
    __imatmul__ = "__imatmul__",
    __itruediv__ = "__itruediv__",
    __ifloordiv__ = "__ifloordiv__",
    __imod__ = "__imod__",
    __ipow__ = "__ipow__",
    __ilshift__ = "__ilshift__",
    __irshift__ = "__irshift__",
    __iand__ = "__iand__",
    __ior__ = "__ior__",
    __ixor__ = "__ixor__",
    __neg__ = "__neg__",
    __pos__ = "__pos__",
    __invert__ = "__invert__",
    __abs__ = "__abs__",
    __bool__ = "__bool__",
    __len__ = "__len__",
    __getitem__ = "__getitem__",
    __setitem__ = "__setitem__",
    __delitem__ = "__delitem__",
    __contains__ = "__contains__",
    __iter__ = "__iter__",
    __next__ = "__next__",
    __reversed__ = "__reversed__",
    __call__ = "__call__",
    __enter__ = "__enter__",
    __exit__ = "__exit__",
    __aenter__ = "__aenter__",
    __aexit__ = "__aexit__",
    __aiter__ = "__aiter__",
    __anext__ = "__anext__",
    __await__ = "__await__",
    __getattr__ = "__getattr__",
    __getattribute__ = "__getattribute__",
    __setattr__ = "__setattr__",
    __delattr__ = "__delattr__",
    __get__ = "__get__",
    __set__ = "__set__",
    __delete__ = "__delete__",
    __index__ = "__index__",
    __int__ = "__int__",
    __float__ = "__float__",
    __format__ = "__format__",
    __build_class__ = "__build_class__",
    __import__ = "__import__",
    __file__ = "__file__",
    __builtins__ = "__builtins__",
    __set_name__ = "__set_name__",
    __init_subclass__ = "__init_subclass__",
    __slots__ = "__slots__",
    __cause__ = "__cause__",
    __context__ = "__context__",
    __traceback__ = "__traceback__",
    __suppress_context__ = "__suppress_context__",
    __self__ = "__self__",
    __func__ = "__func__",
    __closure__ = "__closure__",
    __code__ = "__code__",
    __defaults__ = "__defaults__",
    __wrapped__ = "__wrapped__",
    __del__ = "__del__",
    __version__ = "__version__",
    __path__ = "__path__",
    __all__ = "__all__",
    __annotations__ = "__annotations__",
    __sizeof__ = "__sizeof__",
    __round__ = "__round__",
    __divmod__ = "__divmod__",
    __missing__ = "__missing__",
    __length_hint__ = "__length_hint__",
    __complex__ = "__complex__",
    __spec__ = "__spec__",
    __package__ = "__package__",
    __loader__ = "__loader__",
    __dir__ = "__dir__",
    __instancecheck__ = "__instancecheck__",
    __subclasscheck__ = "__subclasscheck__",
    __class_getitem__ = "__class_getitem__",
    __neg_placeholder__ = "__neg_placeholder__",
    args = "args",
    value = "value",
    errno = "errno",
    code = "code",
    key = "key",
    reverse = "reverse",
    sep = "sep",
    end = "end",
    file = "file",
    flush = "flush",
    default = "default",
    start = "start",
    stop = "stop",
    step = "step",
    real = "real",
    imag = "imag",
    fget = "fget",
    fset = "fset",
    fdel = "fdel",
    getter = "getter",
    setter = "setter",
    deleter = "deleter",
    send = "send",
    throw = "throw",
    close = "close",
    write = "write",
    read = "read",
    readline = "readline",
    keys = "keys",
    values = "values",
    items = "items",
    append = "append",
    extend = "extend",
    join = "join",
    format = "format",
    self_ = "self",
    cls = "cls",
    super_ = "super",
    object = "object",
    type_ = "type",
    lambda = "<lambda>",
    module = "<module>",
    listcomp = "<listcomp>",
    setcomp = "<setcomp>",
    dictcomp = "<dictcomp>",
    genexpr = "<genexpr>",
    stdin = "<stdin>",
    string = "<string>",
    dot0 = ".0",
    underscore = "_",
    main = "main",
    byteorder = "byteorder",
    signed = "signed",
    little = "little",
    big = "big",
    maxsplit = "maxsplit",
    encoding = "encoding",
    errors = "errors",
    base = "base",
    ndigits = "ndigits",
    mode = "mode",
    micropython = "micropython",
    builtins = "builtins",
    sys = "sys",
    gc = "gc",
    time = "time",
    modules = "modules",
    argv = "argv",
    path = "path",
    stdout = "stdout",
    stderr = "stderr",
    exc_info = "exc_info",
}

/// The interned-string table. Strings are never freed (as in MicroPython); the table is
/// outside the GC heap.
pub struct Interner {
    strings: Vec<Box<str>>,
    hashes: Vec<u32>,
    /// Open addressing: each slot holds a qstr index + 1, or 0 when empty. Length is a power of two.
    table: Vec<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Self::new()
    }
}

impl Interner {
    pub fn new() -> Interner {
        let mut i = Interner {
            strings: Vec::new(),
            hashes: Vec::new(),
            table: vec![0; 1024],
        };
        for s in STATIC {
            i.intern(s);
        }
        i
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// Looks a string up without interning it.
    pub fn find(&self, s: &str) -> Option<Qstr> {
        let h = hash_bytes(s.as_bytes());
        let mask = self.table.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let slot = *self.table.get(i)?;
            if slot == 0 {
                return None;
            }
            let q = slot - 1;
            if self.hashes.get(q as usize) == Some(&h)
                && self.strings.get(q as usize).map(|b| &**b) == Some(s)
            {
                return Some(Qstr(q));
            }
            i = (i + 1) & mask;
        }
    }

    pub fn intern(&mut self, s: &str) -> Qstr {
        if let Some(q) = self.find(s) {
            return q;
        }
        if (self.strings.len() + 1) * 2 > self.table.len() {
            self.grow();
        }
        let q = self.strings.len() as u32;
        let h = hash_bytes(s.as_bytes());
        self.strings.push(s.into());
        self.hashes.push(h);
        self.insert_slot(h, q);
        Qstr(q)
    }

    fn insert_slot(&mut self, h: u32, q: u32) {
        let mask = self.table.len() - 1;
        let mut i = h as usize & mask;
        while let Some(slot) = self.table.get_mut(i) {
            if *slot == 0 {
                *slot = q + 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        self.table = vec![0; self.table.len() * 2];
        for q in 0..self.strings.len() {
            let h = self.hashes[q];
            self.insert_slot(h, q as u32);
        }
    }

    pub fn get(&self, q: Qstr) -> &str {
        self.strings.get(q.0 as usize).map(|b| &**b).unwrap_or("")
    }

    pub fn hash(&self, q: Qstr) -> u32 {
        self.hashes.get(q.0 as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_names_have_fixed_indices() {
        let mut i = Interner::new();
        assert_eq!(i.get(q::__init__), "__init__");
        assert_eq!(i.intern("__init__"), q::__init__);
        let a = i.intern("hello");
        assert_eq!(i.intern("hello"), a);
        for n in 0..5000 {
            let s = alloc::format!("name{n}");
            let qq = i.intern(&s);
            assert_eq!(i.get(qq), s);
        }
        assert_eq!(i.find("name4999").map(|q| i.get(q)), Some("name4999"));
    }
}
