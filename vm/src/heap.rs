//! The GC heap: an object table indexed by `Value` handles, with a free list, byte accounting
//! against a fixed capacity, and a precise mark-sweep collector (the roots come from the VM,
//! see `gc.rs`).

use alloc::vec::Vec;

use crate::obj::Obj;
use crate::value::Value;

pub struct Heap {
    objs: Vec<Obj>,
    marks: Vec<bool>,
    free: Vec<u32>,
    /// Bytes held by live objects, as of the last allocation or collection.
    pub used: usize,
    pub capacity: usize,
    /// Objects allocated since the last safe point: roots, so values held only in Rust locals
    /// inside a native function survive a collection triggered by a later allocation.
    pub nursery: Vec<Value>,
    /// Placeholder returned for dangling handles (a VM bug, but never a panic).
    dead: Obj,
    pub collections: u32,
    /// `micropython.heap_lock()` depth: while above zero, Python-level allocation raises
    /// `lock_error` (see `Vm::alloc`).
    pub lock_depth: u32,
    /// MemoryError("memory allocation failed, heap is locked"), made before the first lock.
    pub lock_error: Value,
}

impl Heap {
    pub fn new(capacity: usize) -> Heap {
        Heap {
            objs: Vec::new(),
            marks: Vec::new(),
            free: Vec::new(),
            used: 0,
            capacity,
            nursery: Vec::new(),
            dead: Obj::Free,
            collections: 0,
            lock_depth: 0,
            lock_error: Value::NULL,
        }
    }

    /// Would `bytes` more fit without collecting?
    pub fn fits(&self, bytes: usize) -> bool {
        self.used + bytes + self.table_bytes_for_growth() <= self.capacity
    }

    fn table_bytes_for_growth(&self) -> usize {
        0
    }

    /// Stores an object (the caller has checked capacity) and returns its handle.
    pub fn insert(&mut self, obj: Obj) -> Value {
        self.used += obj.size();
        let index = if let Some(i) = self.free.pop() {
            if let Some(slot) = self.objs.get_mut(i as usize) {
                *slot = obj;
            }
            i
        } else {
            self.objs.push(obj);
            self.marks.push(false);
            (self.objs.len() - 1) as u32
        };
        let v = Value::heap(index);
        self.nursery.push(v);
        v
    }

    #[inline]
    pub fn get(&self, v: Value) -> &Obj {
        match v.heap_index().and_then(|i| self.objs.get(i as usize)) {
            Some(o) => o,
            None => &Obj::Free,
        }
    }

    #[inline]
    pub fn get_mut(&mut self, v: Value) -> &mut Obj {
        match v.heap_index().and_then(|i| self.objs.get_mut(i as usize)) {
            Some(o) => o,
            None => {
                self.dead = Obj::Free;
                &mut self.dead
            }
        }
    }

    /// Adds `bytes` to the accounting after an object grew in place.
    pub fn grew(&mut self, bytes: usize) {
        self.used += bytes;
    }

    /// Marks everything reachable from `roots`, then frees the rest and recomputes `used`.
    pub fn collect(&mut self, roots: Vec<Value>) {
        self.collections += 1;
        for m in self.marks.iter_mut() {
            *m = false;
        }
        let mut gray = roots;
        gray.extend_from_slice(&self.nursery);
        let mut children = Vec::new();
        while let Some(v) = gray.pop() {
            let Some(i) = v.heap_index() else { continue };
            let i = i as usize;
            match self.marks.get_mut(i) {
                Some(m) if !*m => *m = true,
                _ => continue,
            }
            if let Some(obj) = self.objs.get(i) {
                obj.trace(&mut children);
                gray.append(&mut children);
            }
        }
        let mut used = 0;
        self.free.clear();
        for (i, (obj, marked)) in self.objs.iter_mut().zip(self.marks.iter()).enumerate() {
            if *marked {
                obj.trim();
                used += obj.size();
            } else {
                if !matches!(obj, Obj::Free) {
                    *obj = Obj::Free;
                }
                self.free.push(i as u32);
            }
        }
        // Reuse low slots first, so the table can shrink from the end.
        while let Some(Obj::Free) = self.objs.last() {
            self.objs.pop();
            self.marks.pop();
        }
        let len = self.objs.len() as u32;
        self.free.retain(|&i| i < len);
        self.free.reverse();
        self.used = used;
    }
}
