//! The collector's roots: everything the VM itself holds. The mark and sweep live in `heap.rs`.

use alloc::vec::Vec;

use crate::value::Value;
use crate::vm::Vm;

impl Vm {
    pub(crate) fn roots_for_gc(&self) -> Vec<Value> {
        let mut roots = Vec::with_capacity(256);
        roots.extend_from_slice(&self.types);
        roots.push(self.builtins);
        roots.push(self.modules);
        roots.push(self.memory_error);
        roots.push(self.last_exc);
        roots.push(self.main_module);
        roots.extend_from_slice(&self.roots);
        if let Some(r) = self.resume {
            roots.push(r.generator);
            roots.push(r.value);
        }
        for f in &self.frames {
            f.trace(&mut roots);
        }
        roots
    }
}
