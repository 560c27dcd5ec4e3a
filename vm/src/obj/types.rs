//! The table of built-in types: name, base, method table and constructor of each, and the
//! start-up code that turns it into type objects. Adding a method to a built-in type is a line
//! in that type's `METHODS` table; adding a type is a line here (and a `TypeId`).

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Obj, TYPE_COUNT, TypeId, TypeObj, attr_set};
use crate::value::Value;
use crate::vm::{NativeDef, NativeFn, Vm};

pub struct TypeSpec {
    pub id: TypeId,
    pub name: &'static str,
    pub base: Option<TypeId>,
    pub methods: &'static [NativeDef],
    /// Called with the class first: `ctor(vm, [cls, args...], kwargs)`.
    pub ctor: Option<NativeFn>,
}

use super::{
    bool as boolm, bytes, dict, exc, float, func, generator, int, iter, list, object, range, set,
    str as strm, tuple,
};

macro_rules! t {
    ($id:ident, $name:expr, $base:expr, $methods:expr, $ctor:expr) => {
        TypeSpec {
            id: TypeId::$id,
            name: $name,
            base: $base,
            methods: $methods,
            ctor: $ctor,
        }
    };
}

const E: Option<TypeId> = Some(TypeId::Exception);
const NONE_METHODS: &[NativeDef] = &[];

/// Keep in the order of `TypeId`.
pub static TYPE_TABLE: &[TypeSpec] = &[
    t!(
        Object,
        "object",
        None,
        object::METHODS,
        Some(object::object_new)
    ),
    t!(
        Type,
        "type",
        Some(TypeId::Object),
        object::TYPE_METHODS,
        Some(object::type_new)
    ),
    t!(
        NoneType,
        "NoneType",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        NotImplementedType,
        "NotImplementedType",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        Ellipsis,
        "ellipsis",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        Bool,
        "bool",
        Some(TypeId::Int),
        NONE_METHODS,
        Some(boolm::bool_new)
    ),
    t!(
        Int,
        "int",
        Some(TypeId::Object),
        int::METHODS,
        Some(int::int_new)
    ),
    t!(
        Float,
        "float",
        Some(TypeId::Object),
        float::METHODS,
        Some(float::float_new)
    ),
    t!(
        Str,
        "str",
        Some(TypeId::Object),
        strm::METHODS,
        Some(strm::str_new)
    ),
    t!(
        Bytes,
        "bytes",
        Some(TypeId::Object),
        bytes::METHODS,
        Some(bytes::bytes_new)
    ),
    t!(
        ByteArray,
        "bytearray",
        Some(TypeId::Object),
        bytes::BYTEARRAY_METHODS,
        Some(bytes::bytearray_new)
    ),
    t!(
        MemoryView,
        "memoryview",
        Some(TypeId::Object),
        NONE_METHODS,
        Some(bytes::memoryview_new)
    ),
    t!(
        List,
        "list",
        Some(TypeId::Object),
        list::METHODS,
        Some(list::list_new)
    ),
    t!(
        Tuple,
        "tuple",
        Some(TypeId::Object),
        tuple::METHODS,
        Some(tuple::tuple_new)
    ),
    t!(
        Dict,
        "dict",
        Some(TypeId::Object),
        dict::METHODS,
        Some(dict::dict_new)
    ),
    t!(
        Set,
        "set",
        Some(TypeId::Object),
        set::METHODS,
        Some(set::set_new)
    ),
    t!(
        FrozenSet,
        "frozenset",
        Some(TypeId::Object),
        set::FROZEN_METHODS,
        Some(set::frozenset_new)
    ),
    t!(
        Range,
        "range",
        Some(TypeId::Object),
        range::METHODS,
        Some(range::range_new)
    ),
    t!(
        Slice,
        "slice",
        Some(TypeId::Object),
        NONE_METHODS,
        Some(range::slice_new)
    ),
    t!(
        Function,
        "function",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        BoundMethod,
        "bound_method",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        NativeFunction,
        "function",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(Module, "module", Some(TypeId::Object), NONE_METHODS, None),
    t!(Cell, "cell", Some(TypeId::Object), NONE_METHODS, None),
    t!(Code, "code", Some(TypeId::Object), NONE_METHODS, None),
    t!(
        Generator,
        "generator",
        Some(TypeId::Object),
        generator::METHODS,
        None
    ),
    t!(
        Coroutine,
        "coroutine",
        Some(TypeId::Object),
        generator::METHODS,
        None
    ),
    t!(
        Iterator,
        "iterator",
        Some(TypeId::Object),
        iter::METHODS,
        None
    ),
    t!(
        DictKeys,
        "dict_keys",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        DictValues,
        "dict_values",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        DictItems,
        "dict_items",
        Some(TypeId::Object),
        NONE_METHODS,
        None
    ),
    t!(
        Property,
        "property",
        Some(TypeId::Object),
        func::PROPERTY_METHODS,
        Some(func::property_new)
    ),
    t!(
        ClassMethod,
        "classmethod",
        Some(TypeId::Object),
        NONE_METHODS,
        Some(func::classmethod_new)
    ),
    t!(
        StaticMethod,
        "staticmethod",
        Some(TypeId::Object),
        NONE_METHODS,
        Some(func::staticmethod_new)
    ),
    t!(
        Super,
        "super",
        Some(TypeId::Object),
        NONE_METHODS,
        Some(func::super_new)
    ),
    t!(
        BaseException,
        "BaseException",
        Some(TypeId::Object),
        exc::METHODS,
        Some(exc::exc_new)
    ),
    t!(
        SystemExit,
        "SystemExit",
        Some(TypeId::BaseException),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        KeyboardInterrupt,
        "KeyboardInterrupt",
        Some(TypeId::BaseException),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        GeneratorExit,
        "GeneratorExit",
        Some(TypeId::BaseException),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        Exception,
        "Exception",
        Some(TypeId::BaseException),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        StopIteration,
        "StopIteration",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        StopAsyncIteration,
        "StopAsyncIteration",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        ArithmeticError,
        "ArithmeticError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        OverflowError,
        "OverflowError",
        Some(TypeId::ArithmeticError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        ZeroDivisionError,
        "ZeroDivisionError",
        Some(TypeId::ArithmeticError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        AssertionError,
        "AssertionError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        AttributeError,
        "AttributeError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(EOFError, "EOFError", E, NONE_METHODS, Some(exc::exc_new)),
    t!(
        ImportError,
        "ImportError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        LookupError,
        "LookupError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        IndexError,
        "IndexError",
        Some(TypeId::LookupError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        KeyError,
        "KeyError",
        Some(TypeId::LookupError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        MemoryError,
        "MemoryError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(NameError, "NameError", E, NONE_METHODS, Some(exc::exc_new)),
    t!(OSError, "OSError", E, NONE_METHODS, Some(exc::exc_new)),
    t!(
        RuntimeError,
        "RuntimeError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        NotImplementedError,
        "NotImplementedError",
        Some(TypeId::RuntimeError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        RecursionError,
        "RecursionError",
        Some(TypeId::RuntimeError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        SyntaxError,
        "SyntaxError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        IndentationError,
        "IndentationError",
        Some(TypeId::SyntaxError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(TypeError, "TypeError", E, NONE_METHODS, Some(exc::exc_new)),
    t!(
        ValueError,
        "ValueError",
        E,
        NONE_METHODS,
        Some(exc::exc_new)
    ),
    t!(
        UnicodeError,
        "UnicodeError",
        Some(TypeId::ValueError),
        NONE_METHODS,
        Some(exc::exc_new)
    ),
];

/// Creates the type objects (bases before subclasses, as the table is ordered) and fills their
/// method tables with native-function values.
pub fn init_types(vm: &mut Vm) {
    debug_assert_eq!(TYPE_TABLE.len(), TYPE_COUNT);
    for spec in TYPE_TABLE {
        let name = vm.intern(spec.name);
        let bases: Vec<Value> = spec.base.map(|b| vec![vm.ty(b)]).unwrap_or_default();
        let mut mro = Vec::new();
        if let Some(b) = bases.first()
            && let Obj::Type(bt) = vm.heap.get(*b)
        {
            mro = bt.mro.clone();
        }
        let mut attrs = Vec::with_capacity(spec.methods.len() + 1);
        for m in spec.methods {
            let v = vm.register_native(m.name, m.f);
            let q = vm.intern(m.name);
            attr_set(&mut attrs, q, v);
        }
        if layout_of(spec.id) == spec.id {
            let v = vm.register_native("__new__", builtin_new);
            attr_set(&mut attrs, crate::intern::q::__new__, v);
        }
        let t = TypeObj {
            name,
            bases,
            mro: Vec::new(),
            attrs,
            layout: layout_of(spec.id),
            builtin: Some(spec.id),
            fields: Vec::new(),
        };
        let v = match vm.alloc(Obj::Type(Box::new(t))) {
            Ok(v) => v,
            Err(_) => Value::NONE,
        };
        mro.insert(0, v);
        if let Obj::Type(t) = vm.heap.get_mut(v) {
            t.mro = mro;
        }
        vm.types[spec.id as usize] = v;
    }
}

fn layout_of(id: TypeId) -> TypeId {
    if id.is_exception() {
        return TypeId::BaseException;
    }
    match id {
        TypeId::Int
        | TypeId::Float
        | TypeId::Str
        | TypeId::Bytes
        | TypeId::ByteArray
        | TypeId::List
        | TypeId::Tuple
        | TypeId::Dict
        | TypeId::Set
        | TypeId::FrozenSet => id,
        _ => TypeId::Object,
    }
}

/// `T.__new__(cls, *args)` for a subclassable built-in `T`: builds the built-in value, wrapped
/// in an instance of `cls` when `cls` is a subclass.
fn builtin_new(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let cls = args.first().copied().unwrap_or(Value::NONE);
    let layout = match vm.heap.get(cls) {
        Obj::Type(t) => t.layout,
        _ => return Err(vm.type_error("__new__(X): X is not a type object")),
    };
    let rest = args.get(1..).unwrap_or(&[]);
    if vm.ty(layout) == cls {
        let mut all = alloc::vec![cls];
        all.extend_from_slice(rest);
        return construct_builtin(vm, &all, kw);
    }
    vm.new_instance(cls, layout, rest)
}

/// Calls a built-in type: `args[0]` is the class.
pub fn construct_builtin(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    let cls = args.first().copied().unwrap_or(Value::NONE);
    let id = match vm.heap.get(cls) {
        Obj::Type(t) => t.builtin,
        _ => None,
    };
    let Some(id) = id else {
        return Err(vm.not_callable(cls));
    };
    match TYPE_TABLE.get(id as usize).and_then(|s| s.ctor) {
        Some(ctor) => ctor(vm, args, kw),
        None => {
            let msg = alloc::format!("cannot create '{}' instances", vm.class_name(cls));
            Err(vm.type_error(&msg))
        }
    }
}
