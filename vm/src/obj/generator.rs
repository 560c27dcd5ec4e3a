//! Generators and coroutines: `send`, `throw`, `close` and `__next__`. Resuming goes through
//! `Vm::resume`, so when Python code calls these the interpreter pushes the generator's frame
//! instead of recursing.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::obj::{Obj, TypeId};
use crate::value::Value;
use crate::vm::{NativeDef, Resume, Vm};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::NONE)
}

fn gen_arg(vm: &mut Vm, args: &[Value]) -> PyResult<Value> {
    let g = arg(args, 0);
    if matches!(vm.heap.get(g), Obj::Generator(_)) {
        Ok(g)
    } else {
        Err(vm.type_error("expected a generator"))
    }
}

// generator.send(value)
fn send(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let generator = gen_arg(vm, args)?;
    vm.resume = Some(Resume {
        generator,
        value: arg(args, 1),
        throw: false,
    });
    Ok(Value::NULL)
}

// generator.__next__()
fn next(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let generator = gen_arg(vm, args)?;
    vm.resume = Some(Resume {
        generator,
        value: Value::NONE,
        throw: false,
    });
    Ok(Value::NULL)
}

// generator.throw(exc[, value])
fn throw(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let generator = gen_arg(vm, args)?;
    let mut e = arg(args, 1);
    if args.len() > 2 && matches!(vm.heap.get(e), Obj::Type(_)) {
        e = vm.call(e, &[arg(args, 2)])?;
    }
    let e = vm.make_exception(e)?;
    vm.resume = Some(Resume {
        generator,
        value: e,
        throw: true,
    });
    Ok(Value::NULL)
}

// generator.close()
fn close(vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    let generator = gen_arg(vm, args)?;
    let live = match vm.heap.get_mut(generator) {
        Obj::Generator(g) => {
            if !g.started || g.finished {
                g.finished = true;
                g.frame = None;
                false
            } else {
                true
            }
        }
        _ => false,
    };
    if !live {
        return Ok(Value::NONE);
    }
    let exit = vm.new_exc(TypeId::GeneratorExit, None);
    match vm.run_resume_nested(Resume {
        generator,
        value: exit.value(),
        throw: true,
    }) {
        Ok(_) => Err(vm.runtime_error("generator ignored GeneratorExit")),
        Err(e)
            if vm.exc_matches(e, TypeId::GeneratorExit)
                || vm.exc_matches(e, TypeId::StopIteration) =>
        {
            Ok(Value::NONE)
        }
        Err(e) => Err(e),
    }
}

// generator.__iter__()
fn iter(_vm: &mut Vm, args: &[Value], _: &[(Qstr, Value)]) -> PyResult<Value> {
    Ok(arg(args, 0))
}

pub static METHODS: &[NativeDef] = &[
    NativeDef::new("send", send),
    NativeDef::new("__next__", next),
    NativeDef::new("throw", throw),
    NativeDef::new("close", close),
    NativeDef::new("__iter__", iter),
];
