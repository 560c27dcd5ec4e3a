//! `System`: whole-board operations: when the board will next change an input by itself (so a
//! sleeping VM wakes in time to run pin IRQ handlers), the CPU clock, and reset.

use super::HalError;

pub trait System {
    /// The earliest virtual time after `now_us` at which an input might change without the
    /// program doing anything (a scheduled button press, the end of an echo pulse), if known.
    /// A sleeping VM wakes then to look for edges; None means "not before the sleep ends".
    fn next_input_change_us(&mut self, _now_us: u64) -> Option<u64> {
        None
    }

    /// Sets the CPU clock (`machine.freq(hz)`), already checked against the chip's list.
    fn set_cpu_freq(&mut self, _hz: u32) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// `machine.reset()`: a hard reset. On a chip it does not return; a simulated board records
    /// it and the VM stops the program.
    fn reset(&mut self, _now_us: u64) -> Result<(), HalError> {
        Err(HalError::Unsupported)
    }

    /// A reset for a reason other than `machine.reset()` (the watchdog), so the board can
    /// report it from `reset_cause`. Defaults to [`System::reset`].
    fn reset_with_cause(&mut self, now_us: u64, _cause: super::ResetCause) -> Result<(), HalError> {
        self.reset(now_us)
    }
}
