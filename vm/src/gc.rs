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
        roots.push(self.heap.lock_error);
        roots.push(self.last_exc);
        roots.push(self.main_module);
        roots.extend_from_slice(&self.roots);
        if let Some(r) = self.resume {
            roots.push(r.generator);
            roots.push(r.value);
        }
        for (f, a) in &self.scheduled {
            roots.push(*f);
            roots.push(*a);
        }
        for f in &self.frames {
            f.trace(&mut roots);
        }
        self.machine.trace(&mut roots);
        roots
    }

    /// Queues `callable(arg)` to run between instructions of the running program, as an
    /// interrupt handler would (MicroPython's `micropython.schedule`). False when the queue
    /// is full.
    pub fn schedule(&mut self, callable: Value, arg: Value) -> bool {
        if self.scheduled.len() >= 16 {
            return false;
        }
        self.scheduled.push_back((callable, arg));
        true
    }

    /// Runs queued callbacks to completion (each in a nested loop). An exception in one is
    /// reported on stderr and does not disturb the interrupted program.
    pub(crate) fn run_scheduled(&mut self) {
        while let Some((f, a)) = self.scheduled.pop_front() {
            self.keep(f);
            self.keep(a);
            if let Err(e) = self.call(f, &[a]) {
                let tb = self.format_exception(e.value());
                self.write(
                    crate::vm::Stream::Stderr,
                    b"Unhandled exception in callback\n",
                );
                self.write(crate::vm::Stream::Stderr, tb.as_bytes());
            }
        }
    }
}
