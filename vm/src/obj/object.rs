//! object and type: the root of the hierarchy, class creation (`__build_class__`, 3-argument
//! `type`), and C3 method resolution order.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::call::Prepared;
use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::{Obj, TypeId, TypeObj};
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

/// `object()`.
pub fn object_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let cls = arg(args, 0);
    vm.new_instance(cls, TypeId::Object, &[])
}

/// `type(x)` or `type(name, bases, dict)`.
pub fn type_new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    match args.len() {
        2 => Ok(vm.type_of(arg(args, 1))),
        4 => {
            let name = match vm.str_to_qstr(arg(args, 1)) {
                Some(n) => n,
                None => return Err(vm.type_error("type() argument 1 must be str")),
            };
            let bases = vm.iterate(arg(args, 2))?;
            let ns = arg(args, 3);
            vm.new_class(name, &bases, ns)
        }
        _ => Err(vm.type_error("type() takes 1 or 3 arguments")),
    }
}

impl Vm {
    /// Creates a class from its name, bases and namespace dict.
    pub fn new_class(&mut self, name: Qstr, bases: &[Value], ns: Value) -> PyResult<Value> {
        self.new_class_kw(name, bases, ns, &[])
    }

    /// `new_class` with the class keywords, passed on to the parent's `__init_subclass__`.
    pub fn new_class_kw(
        &mut self,
        name: Qstr,
        bases: &[Value],
        ns: Value,
        kwargs: &[(Qstr, Value)],
    ) -> PyResult<Value> {
        let object = self.ty(TypeId::Object);
        let bases: Vec<Value> = if bases.is_empty() {
            vec![object]
        } else {
            bases.to_vec()
        };
        let mut layout = TypeId::Object;
        for b in &bases {
            match self.heap.get(*b) {
                Obj::Type(t) => {
                    if t.layout != TypeId::Object {
                        if layout != TypeId::Object && layout != t.layout {
                            return Err(
                                self.type_error("multiple bases have instance lay-out conflict")
                            );
                        }
                        layout = t.layout;
                    }
                }
                _ => return Err(self.type_error("bases must be types")),
            }
        }
        let mut attrs = Vec::new();
        for (k, v) in self.dict_items(ns)? {
            let Some(kq) = self.str_to_qstr(k) else {
                continue;
            };
            let v = if kq == q::__new__ && matches!(self.heap.get(v), Obj::Function(_)) {
                self.alloc(Obj::StaticMethod(v))?
            } else {
                v
            };
            attrs.push((kq, v));
        }
        let t = TypeObj {
            name,
            bases: bases.clone(),
            mro: Vec::new(),
            attrs,
            layout,
            builtin: None,
            fields: Vec::new(),
        };
        let cls = self.alloc(Obj::Type(Box::new(t)))?;
        let mro = self.c3(cls, &bases)?;
        if let Obj::Type(t) = self.heap.get_mut(cls) {
            t.mro = mro;
        }
        // Descriptors learn their name; the parent class hears of its new subclass.
        let attrs = match self.heap.get(cls) {
            Obj::Type(t) => t.attrs.clone(),
            _ => Vec::new(),
        };
        for (k, v) in attrs {
            if matches!(self.heap.get(v), Obj::Instance(_)) {
                let vt = self.type_of(v);
                if let Some(f) = self
                    .lookup_type(vt, q::__set_name__)
                    .filter(|f| f.as_native().is_none())
                {
                    self.call(f, &[v, cls, Value::qstr(k)])?;
                }
            }
        }
        let parent_hook = match self.heap.get(cls) {
            Obj::Type(t) => {
                t.mro
                    .get(1..)
                    .unwrap_or(&[])
                    .iter()
                    .find_map(|c| match self.heap.get(*c) {
                        Obj::Type(ct) => crate::obj::attr_get(&ct.attrs, q::__init_subclass__),
                        _ => None,
                    })
            }
            _ => None,
        };
        if let Some(hook) = parent_hook {
            let f = match self.heap.get(hook) {
                Obj::ClassMethod(f) => *f,
                _ => hook,
            };
            if matches!(self.heap.get(f), Obj::Function(_)) {
                self.call_kw(f, &[cls], kwargs)?;
            }
        }
        Ok(cls)
    }

    fn c3(&mut self, cls: Value, bases: &[Value]) -> PyResult<Vec<Value>> {
        let mut seqs: Vec<Vec<Value>> = Vec::new();
        for b in bases {
            if let Obj::Type(t) = self.heap.get(*b) {
                seqs.push(t.mro.clone());
            }
        }
        seqs.push(bases.to_vec());
        let mut out = vec![cls];
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let mut cand = None;
            for s in &seqs {
                let h = s[0];
                if !seqs.iter().any(|t| t[1..].contains(&h)) {
                    cand = Some(h);
                    break;
                }
            }
            let Some(c) = cand else {
                return Err(
                    self.type_error("Cannot create a consistent method resolution order (MRO)")
                );
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s.first() == Some(&c) {
                    s.remove(0);
                }
            }
        }
    }

    /// `__build_class__(body, name, *bases, **kw)`: runs the class body in a fresh namespace
    /// and creates the class.
    pub fn build_class(
        &mut self,
        body: Value,
        name: Value,
        bases: &[Value],
        kwargs: &[(Qstr, Value)],
    ) -> PyResult<Value> {
        let ns = self.new_dict()?;
        self.keep(ns);
        let qn = self.str_to_qstr(name).unwrap_or(q::empty);
        let cell = match self.bind_function(body, None, &[], &[])? {
            Prepared::Frame(mut f) => {
                f.ns = ns;
                self.run_frame_nested(*f)?
            }
            Prepared::Done(_) => Value::NONE,
        };
        let kwargs: Vec<(Qstr, Value)> = kwargs
            .iter()
            .filter(|(k, _)| self.qstr_str(*k) != "metaclass")
            .copied()
            .collect();
        let cls = self.new_class_kw(qn, bases, ns, &kwargs)?;
        if let Obj::Cell(c) = self.heap.get_mut(cell) {
            *c = cls;
        }
        Ok(cls)
    }
}

// object.__init__(self, ...)
fn init(_vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

// object.__new__(cls, ...)
fn new(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let cls = arg(args, 0);
    let layout = match vm.heap.get(cls) {
        Obj::Type(t) => t.layout,
        _ => return Err(vm.type_error("object.__new__(X): X is not a type object")),
    };
    vm.new_instance(cls, layout, args.get(1..).unwrap_or(&[]))
}

// object.__setattr__(self, name, value)
fn setattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    vm.setattr_raw(arg(args, 0), name, arg(args, 2))?;
    Ok(Value::NONE)
}

// object.__delattr__(self, name)
fn delattr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let Some(name) = vm.str_to_qstr(arg(args, 1)) else {
        return Err(vm.type_error("attribute name must be string"));
    };
    let obj = arg(args, 0);
    let removed = vm.instance_del(obj, name);
    if removed {
        Ok(Value::NONE)
    } else {
        Err(vm.attribute_error(obj, name))
    }
}

// object.__eq__(self, other)
fn eq(_vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(if arg(args, 0) == arg(args, 1) {
        Value::TRUE
    } else {
        Value::NOT_IMPLEMENTED
    })
}

// object.__ne__(self, other)
fn ne(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let r = vm.eq(arg(args, 0), arg(args, 1))?;
    Ok(Value::bool(!r))
}

// object.__hash__(self)
fn hash(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    vm.new_int(i64::from(arg(args, 0).raw()))
}

// object.__repr__(self)
fn repr(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let v = arg(args, 0);
    let b = vm.unwrap_base(v);
    let s = if b != v {
        vm.repr(b)?
    } else {
        format!(
            "<{} object at 0x{:x}>",
            String::from(vm.type_name(v)),
            v.raw()
        )
    };
    vm.new_string(s)
}

// object.__str__(self)
fn str(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let s = vm.repr(arg(args, 0))?;
    vm.new_string(s)
}

// object.__init_subclass__(cls, **kwargs)
fn init_subclass(_vm: &mut Vm, _: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(Value::NONE)
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("__init_subclass__", init_subclass),
    NativeDef::new("__init__", init),
    NativeDef::new("__new__", new),
    NativeDef::new("__setattr__", setattr),
    NativeDef::new("__delattr__", delattr),
    NativeDef::new("__eq__", eq),
    NativeDef::new("__ne__", ne),
    NativeDef::new("__hash__", hash),
    NativeDef::new("__repr__", repr),
    NativeDef::new("__str__", str),
];

// type.mro(cls)
fn mro(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let m = match vm.heap.get(arg(args, 0)) {
        Obj::Type(t) => t.mro.clone(),
        _ => Vec::new(),
    };
    vm.new_list(m)
}

pub static TYPE_METHODS: &[NativeDef] = &[NativeDef::new("mro", mro)];
