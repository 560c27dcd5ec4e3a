//! `heapq`: a binary min-heap on a list, as MicroPython's extmod/modheapq.c (heappush,
//! heappop, heapify). Comparisons go through `<`, so user classes with `__lt__` work; each
//! step re-reads the list, since a comparison that calls back into Python may change it.

use crate::exc::PyResult;
use crate::intern::Qstr;
use crate::modules::args;
use crate::obj::Obj;
use crate::value::Value;
use crate::vm::{NativeDef, Vm};

/// The heap list (a list subclass wraps one); TypeError otherwise, with MicroPython's text.
fn heap_of(vm: &mut Vm, v: Value) -> PyResult<Value> {
    let v = vm.unwrap_base(v);
    if matches!(vm.heap.get(v), Obj::List(_)) {
        Ok(v)
    } else {
        Err(vm.type_error("heap must be a list"))
    }
}

fn get(vm: &Vm, heap: Value, i: usize) -> Option<Value> {
    match vm.heap.get(heap) {
        Obj::List(l) => l.get(i).copied(),
        _ => None,
    }
}

fn len(vm: &Vm, heap: Value) -> usize {
    match vm.heap.get(heap) {
        Obj::List(l) => l.len(),
        _ => 0,
    }
}

fn swap(vm: &mut Vm, heap: Value, i: usize, j: usize) {
    if let Obj::List(l) = vm.heap.get_mut(heap)
        && i < l.len()
        && j < l.len()
    {
        l.swap(i, j);
    }
}

/// Moves the item at `pos` up towards `start` while it is smaller than its parent.
fn sift_down(vm: &mut Vm, heap: Value, start: usize, mut pos: usize) -> PyResult<()> {
    while pos > start {
        let parent = (pos - 1) / 2;
        let (Some(item), Some(p)) = (get(vm, heap, pos), get(vm, heap, parent)) else {
            break;
        };
        if !vm.lt(item, p)? {
            break;
        }
        swap(vm, heap, pos, parent);
        pos = parent;
    }
    Ok(())
}

/// Moves the item at `pos` down to a leaf along the smaller children, then back up: the
/// same comparisons as CPython's and MicroPython's `_siftup`.
fn sift_up(vm: &mut Vm, heap: Value, mut pos: usize) -> PyResult<()> {
    let start = pos;
    loop {
        let end = len(vm, heap);
        let mut child = 2 * pos + 1;
        if child >= end {
            break;
        }
        if child + 1 < end {
            let (Some(a), Some(b)) = (get(vm, heap, child), get(vm, heap, child + 1)) else {
                break;
            };
            if !vm.lt(a, b)? {
                child += 1;
            }
        }
        swap(vm, heap, pos, child);
        pos = child;
    }
    sift_down(vm, heap, start, pos)
}

// heapq.heappush(heap, item)
fn heappush(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 2)?;
    let heap = heap_of(vm, args[0])?;
    vm.list_push(heap, args[1])?;
    let last = len(vm, heap).saturating_sub(1);
    sift_down(vm, heap, 0, last)?;
    Ok(Value::NONE)
}

// heapq.heappop(heap)
fn heappop(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let heap = heap_of(vm, args[0])?;
    let (top, rest) = match vm.heap.get_mut(heap) {
        Obj::List(l) => match l.pop() {
            Some(last) => match l.first_mut() {
                Some(first) => (core::mem::replace(first, last), true),
                None => (last, false),
            },
            None => return Err(vm.index_error("empty heap")),
        },
        _ => return Err(vm.type_error("heap must be a list")),
    };
    if rest {
        vm.keep(top);
        sift_up(vm, heap, 0)?;
    }
    Ok(top)
}

// heapq.heapify(x)
fn heapify(vm: &mut Vm, args: &[Value], kw: &[(Qstr, Value)]) -> PyResult<Value> {
    args::exact(vm, args, kw, 1)?;
    let heap = heap_of(vm, args[0])?;
    let n = len(vm, heap);
    for i in (0..n / 2).rev() {
        sift_up(vm, heap, i)?;
    }
    Ok(Value::NONE)
}

static FUNCTIONS: &[NativeDef] = &[
    NativeDef::new("heappush", heappush),
    NativeDef::new("heappop", heappop),
    NativeDef::new("heapify", heapify),
];

pub fn init(vm: &mut Vm, d: Value) -> PyResult<()> {
    vm.add_functions(d, FUNCTIONS)
}
