//! Soft IRQs: between runs the VM asks the board for pin edges and checks its timers, and
//! queues the handlers (`micropython.schedule`'s queue); they run between bytecodes, or at
//! once when the program sleeps. A sleeping program wakes in time for the next timer
//! deadline or board input change.

use alloc::vec::Vec;

use super::pin::{IRQ_FALLING, IRQ_RISING};
use crate::vm::Vm;

/// Timer callbacks queued per poll at most, so a tiny period cannot starve the program.
const MAX_TIMER_FIRES: usize = 8;

impl Vm {
    /// Queues the handlers of pin edges and due timers up to the current virtual time. True
    /// when the watchdog expired: the board has been reset and the program must end.
    pub(crate) fn poll_machine(&mut self) -> bool {
        if let Some((timeout, fed)) = self.machine.wdt
            && self.time_us.saturating_sub(fed) > timeout
        {
            self.machine.wdt = None;
            let now = self.time_us;
            if let Some(b) = self.board.as_deref_mut() {
                let _ = b.reset_with_cause(now, crate::hal::ResetCause::Watchdog);
            }
            return true;
        }
        if self.machine.irq_disabled {
            return false;
        }
        if !self.machine.irqs.is_empty()
            && let Some(board) = self.board.as_deref_mut()
        {
            let mut edges = Vec::new();
            board.take_edges(self.time_us, &mut edges);
            for e in edges {
                let Some(irq) = self.machine.irqs.get(&e.pin).copied() else {
                    continue;
                };
                let bit = if e.rising { IRQ_RISING } else { IRQ_FALLING };
                if irq.trigger & bit == 0 {
                    continue;
                }
                if let Some(p) = self.machine.pin_objs.get(&e.pin).copied() {
                    self.schedule(irq.handler, p);
                }
            }
        }
        for _ in 0..MAX_TIMER_FIRES {
            let now = self.time_us;
            let due = self
                .machine
                .timers
                .iter()
                .enumerate()
                .filter(|(_, t)| t.deadline_us <= now)
                .min_by_key(|(_, t)| t.deadline_us)
                .map(|(i, t)| (i, *t));
            let Some((i, t)) = due else {
                break;
            };
            if !t.callback.is_none() {
                self.schedule(t.callback, t.obj);
            }
            if t.period_us == 0 {
                self.machine.timers.remove(i);
            } else if let Some(slot) = self.machine.timers.get_mut(i) {
                slot.deadline_us = slot.deadline_us.saturating_add(t.period_us);
            }
        }
        false
    }

    /// When a program sleeping until `until_us` must next be run: earlier if a timer is due
    /// or the board expects an input change (a pin IRQ may need its handler).
    pub(crate) fn machine_wake_time(&mut self, until_us: u64) -> u64 {
        let mut wake = until_us;
        if let Some((timeout, fed)) = self.machine.wdt {
            wake = wake.min(fed.saturating_add(timeout).saturating_add(1));
        }
        if self.machine.irq_disabled {
            return wake;
        }
        for t in &self.machine.timers {
            wake = wake.min(t.deadline_us);
        }
        if !self.machine.irqs.is_empty()
            && let Some(b) = self.board.as_deref_mut()
            && let Some(t) = b.next_input_change_us(self.time_us)
        {
            wake = wake.min(t.max(self.time_us));
        }
        wake
    }
}
