//! Attribute access: `getattr`, `setattr`, `delattr`, method lookup without bound-method
//! allocation (`load_method`), descriptors (property, classmethod, staticmethod) and `super`.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::call::Bound;
use crate::exc::PyResult;
use crate::intern::{Qstr, q};
use crate::obj::{Obj, TypeId, attr_del, attr_get, attr_set};
use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    /// Finds `name` in a class and its bases (MRO order), without binding.
    pub fn lookup_type(&self, t: Value, name: Qstr) -> Option<Value> {
        let Obj::Type(ty) = self.heap.get(t) else {
            return None;
        };
        for c in &ty.mro {
            if let Obj::Type(ct) = self.heap.get(*c)
                && let Some(v) = attr_get(&ct.attrs, name)
            {
                return Some(v);
            }
        }
        None
    }

    /// Finds `name` in the MRO of `t` after `after` (for `super`).
    fn lookup_after(&self, t: Value, after: Value, name: Qstr) -> Option<Value> {
        let Obj::Type(ty) = self.heap.get(t) else {
            return None;
        };
        let start = ty
            .mro
            .iter()
            .position(|c| *c == after)
            .map_or(ty.mro.len(), |i| i + 1);
        for c in ty.mro.iter().skip(start) {
            if let Obj::Type(ct) = self.heap.get(*c)
                && let Some(v) = attr_get(&ct.attrs, name)
            {
                return Some(v);
            }
        }
        None
    }

    pub(crate) fn bind_descriptor(&mut self, f: Value, obj: Value, t: Value) -> PyResult<Bound> {
        if f.as_native().is_some() {
            return Ok(Bound::Method(f));
        }
        Ok(match self.heap.get(f) {
            Obj::Function(_) => Bound::Method(f),
            Obj::ClassMethod(g) => {
                let g = *g;
                Bound::Value(self.alloc(Obj::BoundMethod(g, t))?)
            }
            Obj::StaticMethod(g) => Bound::Value(*g),
            Obj::Property(p) => {
                let getter = p[0];
                Bound::Value(self.call(getter, &[obj])?)
            }
            _ => Bound::Value(f),
        })
    }

    /// The `self` a method gets: natives of a built-in base see the built-in value a subclass
    /// instance wraps (`class P(tuple)`), Python methods see the instance.
    pub(crate) fn native_self(&self, f: Value, obj: Value) -> Value {
        if f.as_native().is_none() {
            return obj;
        }
        let base = self.instance_base(obj);
        if base.is_null() {
            return obj;
        }
        // Only the built-in's own methods: `object.__repr__` and friends get the instance.
        let own = self.builtin_type_id(base).map(|t| self.ty(t));
        match own.map(|t| self.heap.get(t)) {
            Some(Obj::Type(t)) if t.attrs.iter().any(|(_, v)| *v == f) => base,
            _ => obj,
        }
    }

    /// Binds a class attribute found for an instance: methods become bound methods.
    fn bind_for_instance(&mut self, f: Value, obj: Value, t: Value) -> PyResult<Value> {
        match self.bind_descriptor(f, obj, t)? {
            Bound::Method(m) => {
                let s = self.native_self(m, obj);
                self.alloc(Obj::BoundMethod(m, s))
            }
            Bound::Value(v) => Ok(v),
        }
    }

    pub fn getattr(&mut self, obj: Value, name: Qstr) -> PyResult<Value> {
        match self.getattr_opt(obj, name)? {
            Some(v) => Ok(v),
            None => Err(self.attribute_error(obj, name)),
        }
    }

    /// `getattr` that returns None instead of raising AttributeError for a missing attribute.
    pub fn getattr_opt(&mut self, obj: Value, name: Qstr) -> PyResult<Option<Value>> {
        if name == q::__class__ {
            return Ok(Some(self.type_of(obj)));
        }
        match self.heap.get(obj) {
            Obj::Type(_) => return self.type_getattr(obj, name),
            Obj::Module(m) => {
                let d = m.dict;
                if name == q::__dict__ {
                    return Ok(Some(d));
                }
                return Ok(self.dict_get_q(d, name));
            }
            Obj::Super(cls, o) => {
                let (cls, o) = (*cls, *o);
                let t = if matches!(self.heap.get(o), Obj::Type(_)) {
                    o
                } else {
                    self.type_of(o)
                };
                return match self.lookup_after(t, cls, name) {
                    // `__new__` is a static method: `super().__new__(cls)` passes cls itself.
                    Some(f) if name == q::__new__ => Ok(Some(match self.heap.get(f) {
                        Obj::StaticMethod(g) => *g,
                        _ => f,
                    })),
                    Some(f) => Ok(Some(self.bind_for_instance(f, o, t)?)),
                    None => Ok(None),
                };
            }
            _ => {}
        }
        let t = self.type_of(obj);
        let class_attr = self.lookup_type(t, name);
        if let Some(ca) = class_attr
            && let Obj::Property(p) = self.heap.get(ca)
        {
            let getter = p[0];
            if getter.is_none() {
                return Err(self.err(TypeId::AttributeError, "unreadable attribute"));
            }
            return self.call(getter, &[obj]).map(Some);
        }
        // A data descriptor (a class attribute whose type has __get__ and __set__) wins over
        // the instance's own attributes.
        let descr = class_attr.and_then(|ca| self.user_descriptor(ca));
        if let (Some(ca), Some((get, true))) = (class_attr, descr) {
            return self.call(get, &[ca, obj, t]).map(Some);
        }
        let own = match self.heap.get(obj) {
            Obj::Instance(_) => self.instance_get(obj, name),
            Obj::Exception(e) => attr_get(&e.attrs, name),
            Obj::Function(f) => attr_get(&f.attrs, name),
            _ => None,
        };
        if let Some(v) = own {
            return Ok(Some(v));
        }
        if let Some(v) = self.builtin_attr(obj, name)? {
            return Ok(Some(v));
        }
        if let (Some(ca), Some((get, false))) = (class_attr, descr) {
            return self.call(get, &[ca, obj, t]).map(Some);
        }
        if let Some(ca) = class_attr {
            return Ok(Some(self.bind_for_instance(ca, obj, t)?));
        }
        if let Some(ga) = self.lookup_type(t, q::__getattr__)
            && ga.as_native().is_none()
        {
            let n = Value::qstr(name);
            return self.call(ga, &[obj, n]).map(Some);
        }
        Ok(None)
    }

    /// For an instance of a user class that defines `__get__`: the `__get__` function, and
    /// whether it is a data descriptor (also defines `__set__` or `__delete__`).
    fn user_descriptor(&self, v: Value) -> Option<(Value, bool)> {
        if !matches!(self.heap.get(v), Obj::Instance(_)) {
            return None;
        }
        let t = self.type_of(v);
        let get = self
            .lookup_type(t, q::__get__)
            .filter(|f| f.as_native().is_none())?;
        let data = self.lookup_type(t, q::__set__).is_some()
            || self.lookup_type(t, q::__delete__).is_some();
        Some((get, data))
    }

    /// A user descriptor's `__set__`/`__delete__` for a class attribute, if it has one.
    fn descriptor_method(&self, v: Value, name: Qstr) -> Option<Value> {
        if !matches!(self.heap.get(v), Obj::Instance(_)) {
            return None;
        }
        let t = self.type_of(v);
        self.lookup_type(t, name)
            .filter(|f| f.as_native().is_none())
    }

    /// Attributes that built-in objects compute rather than store.
    fn builtin_attr(&mut self, obj: Value, name: Qstr) -> PyResult<Option<Value>> {
        Ok(match self.heap.get(obj) {
            Obj::Exception(e) => match name {
                q::args => Some(e.args),
                // MicroPython makes `.errno` (OSError's) an alias of args[0] on every
                // exception, like `.value` (py/objexcept.c).
                q::value | q::errno => {
                    let args = e.args;
                    Some(match self.heap.get(args) {
                        Obj::Tuple(t) => t.first().copied().unwrap_or(Value::NONE),
                        _ => Value::NONE,
                    })
                }
                q::__cause__ => Some(e.cause),
                q::__context__ => Some(e.context),
                q::__traceback__ => Some(Value::NONE),
                q::__dict__ => {
                    let attrs = e.attrs.clone();
                    Some(self.attrs_to_dict(&attrs)?)
                }
                _ => None,
            },
            Obj::Function(f) => match name {
                q::__name__ | q::__qualname__ => Some(Value::qstr(f.name)),
                q::__module__ => Some(Value::qstr(q::__main__)),
                q::__doc__ => Some(Value::NONE),
                q::__dict__ => {
                    let attrs = f.attrs.clone();
                    Some(self.attrs_to_dict(&attrs)?)
                }
                _ => None,
            },
            Obj::BoundMethod(f, s) => match name {
                q::__self__ => Some(*s),
                q::__func__ => Some(*f),
                q::__name__ => {
                    let f = *f;
                    return self.getattr_opt(f, name);
                }
                _ => None,
            },
            Obj::Instance(_) => match name {
                q::__dict__ => {
                    let attrs = self.instance_attrs(obj);
                    Some(self.attrs_to_dict(&attrs)?)
                }
                _ => None,
            },
            Obj::Generator(g) if name == q::__name__ => Some(Value::qstr(g.name)),
            Obj::Property(p) => match name {
                q::fget => Some(p[0]),
                q::fset => Some(p[1]),
                q::fdel => Some(p[2]),
                _ => None,
            },
            Obj::ClassMethod(f) | Obj::StaticMethod(f) if name == q::__func__ => Some(*f),
            _ => {
                if let (Some((n, _)), q::__name__) = (self.native(obj), name) {
                    Some(Value::qstr(n))
                } else {
                    None
                }
            }
        })
    }

    fn attrs_to_dict(&mut self, attrs: &[(Qstr, Value)]) -> PyResult<Value> {
        let d = self.alloc(Obj::Dict(Box::default()))?;
        for (k, v) in attrs.iter().filter(|(k, _)| *k != q::empty) {
            self.dict_set(d, Value::qstr(*k), *v)?;
        }
        Ok(d)
    }

    fn type_getattr(&mut self, cls: Value, name: Qstr) -> PyResult<Option<Value>> {
        let Obj::Type(t) = self.heap.get(cls) else {
            return Ok(None);
        };
        match name {
            q::__name__ | q::__qualname__ => return Ok(Some(Value::qstr(t.name))),
            q::__bases__ => {
                let b = t.bases.clone();
                return Ok(Some(self.alloc(Obj::Tuple(b.into_boxed_slice()))?));
            }
            q::__mro__ => {
                let b = t.mro.clone();
                return Ok(Some(self.alloc(Obj::Tuple(b.into_boxed_slice()))?));
            }
            q::__dict__ => {
                let attrs = t.attrs.clone();
                return Ok(Some(self.attrs_to_dict(&attrs)?));
            }
            q::__doc__ if attr_get(&t.attrs, name).is_none() => {
                return Ok(Some(Value::NONE));
            }
            _ => {}
        }
        if let Some(v) = self.lookup_type(cls, name) {
            if let Some((get, _)) = self.user_descriptor(v) {
                return self.call(get, &[v, Value::NONE, cls]).map(Some);
            }
            return Ok(Some(match self.heap.get(v) {
                Obj::ClassMethod(f) => {
                    let f = *f;
                    self.alloc(Obj::BoundMethod(f, cls))?
                }
                Obj::StaticMethod(f) => *f,
                _ => v,
            }));
        }
        // Methods of the metaclass (`type`), bound to the class.
        let meta = self.ty(TypeId::Type);
        if let Some(v) = self.lookup_type(meta, name) {
            return Ok(Some(self.alloc(Obj::BoundMethod(v, cls))?));
        }
        Ok(None)
    }

    /// For `obj.name(...)`: `(method, self)` when `name` is a plain method of the type, else
    /// `(NULL, attribute)`.
    pub(crate) fn load_method(&mut self, obj: Value, name: Qstr) -> PyResult<(Value, Value)> {
        let plain = match self.heap.get(obj) {
            Obj::Instance(_) => self.instance_get(obj, name).is_none(),
            Obj::Exception(e) => attr_get(&e.attrs, name).is_none(),
            Obj::Type(_) | Obj::Module(_) | Obj::Super(..) | Obj::Function(_) => false,
            _ => true,
        };
        if plain {
            let t = self.type_of(obj);
            if let Some(f) = self.lookup_type(t, name)
                && (f.as_native().is_some() || matches!(self.heap.get(f), Obj::Function(_)))
            {
                return Ok((f, self.native_self(f, obj)));
            }
        }
        if let Obj::Super(cls, o) = self.heap.get(obj) {
            let (cls, o) = (*cls, *o);
            let t = if matches!(self.heap.get(o), Obj::Type(_)) {
                o
            } else {
                self.type_of(o)
            };
            if let Some(f) = self.lookup_after(t, cls, name)
                && name != q::__new__
                && (f.as_native().is_some() || matches!(self.heap.get(f), Obj::Function(_)))
            {
                return Ok((f, self.native_self(f, o)));
            }
        }
        let v = self.getattr(obj, name)?;
        Ok((Value::NULL, v))
    }

    pub fn setattr(&mut self, obj: Value, name: Qstr, v: Value) -> PyResult<()> {
        let t = self.type_of(obj);
        if let Some(ca) = self.lookup_type(t, name) {
            if let Obj::Property(p) = self.heap.get(ca) {
                let setter = p[1];
                if setter.is_none() {
                    return Err(self.err(TypeId::AttributeError, "can't set attribute"));
                }
                self.call(setter, &[obj, v])?;
                return Ok(());
            }
            if let Some(set) = self.descriptor_method(ca, q::__set__) {
                self.call(set, &[ca, obj, v])?;
                return Ok(());
            }
        }
        // Plain classes (the common case) inherit object.__setattr__: skip the lookup chain
        // when the instance's class itself has no Python __setattr__ up its MRO.
        if matches!(self.heap.get(obj), Obj::Instance(_))
            && let Some(sa) = self.lookup_type(t, q::__setattr__)
            && sa.as_native().is_none()
        {
            self.call(sa, &[obj, Value::qstr(name), v])?;
            return Ok(());
        }
        self.setattr_raw(obj, name, v)
    }

    /// Stores an attribute without `__setattr__` or descriptors (`object.__setattr__`).
    pub(crate) fn setattr_raw(&mut self, obj: Value, name: Qstr, v: Value) -> PyResult<()> {
        match self.heap.get(obj) {
            Obj::Type(t) if t.builtin.is_some() => {
                let msg = alloc::format!(
                    "can't set attributes of built-in/extension type '{}'",
                    self.qstr_str(t.name)
                );
                return Err(self.type_error(&msg));
            }
            Obj::Module(m) => {
                let d = m.dict;
                return self.dict_set(d, Value::qstr(name), v);
            }
            Obj::Instance(_) | Obj::Exception(_) | Obj::Function(_) | Obj::Type(_) => {}
            _ => return Err(self.attribute_error(obj, name)),
        }
        match self.heap.get_mut(obj) {
            Obj::Instance(_) => return self.instance_set(obj, name, v),
            Obj::Exception(e) => attr_set(&mut e.attrs, name, v),
            Obj::Function(f) => attr_set(&mut f.attrs, name, v),
            Obj::Type(t) => attr_set(&mut t.attrs, name, v),
            _ => {}
        }
        Ok(())
    }

    pub fn delattr(&mut self, obj: Value, name: Qstr) -> PyResult<()> {
        let t = self.type_of(obj);
        if let Some(ca) = self.lookup_type(t, name)
            && let Some(del) = self.descriptor_method(ca, q::__delete__)
        {
            self.call(del, &[ca, obj])?;
            return Ok(());
        }
        if let Some(ca) = self.lookup_type(t, name)
            && let Obj::Property(p) = self.heap.get(ca)
        {
            let deleter = p[2];
            if deleter.is_none() {
                return Err(self.err(TypeId::AttributeError, "can't delete attribute"));
            }
            self.call(deleter, &[obj])?;
            return Ok(());
        }
        if matches!(self.heap.get(obj), Obj::Instance(_))
            && let Some(da) = self.lookup_type(t, q::__delattr__)
            && da.as_native().is_none()
        {
            self.call(da, &[obj, Value::qstr(name)])?;
            return Ok(());
        }
        let removed = match self.heap.get_mut(obj) {
            Obj::Instance(_) => self.instance_del(obj, name),
            Obj::Exception(e) => attr_del(&mut e.attrs, name),
            Obj::Function(f) => attr_del(&mut f.attrs, name),
            Obj::Type(t) => attr_del(&mut t.attrs, name),
            Obj::Module(m) => {
                let d = m.dict;
                return if self.dict_del(d, Value::qstr(name))? {
                    Ok(())
                } else {
                    Err(self.attribute_error(obj, name))
                };
            }
            _ => false,
        };
        if removed {
            Ok(())
        } else {
            Err(self.attribute_error(obj, name))
        }
    }

    /// `dir(obj)`: instance attributes, then class attributes along the MRO.
    pub fn dir(&mut self, obj: Value) -> Vec<Qstr> {
        let mut out: Vec<Qstr> = Vec::new();
        let add = |n: Qstr, out: &mut Vec<Qstr>| {
            if !out.contains(&n) {
                out.push(n);
            }
        };
        match self.heap.get(obj) {
            Obj::Instance(_) => self
                .instance_attrs(obj)
                .iter()
                .for_each(|(n, _)| add(*n, &mut out)),
            Obj::Exception(e) => e.attrs.iter().for_each(|(n, _)| add(*n, &mut out)),
            Obj::Module(m) => {
                let d = m.dict;
                if let Obj::Dict(d) = self.heap.get(d) {
                    for (k, _) in d.iter() {
                        if let Some(qk) = k.as_qstr() {
                            add(qk, &mut out);
                        }
                    }
                }
                return out;
            }
            _ => {}
        }
        let t = if matches!(self.heap.get(obj), Obj::Type(_)) {
            obj
        } else {
            self.type_of(obj)
        };
        if let Obj::Type(ty) = self.heap.get(t) {
            for c in &ty.mro {
                if let Obj::Type(ct) = self.heap.get(*c) {
                    ct.attrs.iter().for_each(|(n, _)| add(*n, &mut out));
                }
            }
        }
        out
    }
}
