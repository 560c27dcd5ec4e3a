//! What the lab runner needs from a simulated board: to give the VM its hardware, to resolve
//! the parts and pins a check names, to apply inputs, and to copy what happened into the
//! [`Recording`]. [`sim::SimLabBoard`] adapts the simulated board of `crate::board` to it.

pub mod diagram;
pub mod sim;

use vm::Vm;

use super::record::Recording;
use super::spec::{Input, PinRef};

pub trait LabBoard {
    /// Called once before the program loads: attach the HAL board to the VM.
    fn attach(&mut self, vm: &mut Vm);

    /// The GPIO a part (its usual signal pin) or a part's pin is wired to, or why there is none
    /// ("no part 'led9' in diagram.json", "led1:A is not wired to the ESP32").
    fn resolve(&self, pin: &PinRef) -> Result<u32, String>;

    /// Applies a button press, a control's new value... at `now_us`. Serial input does not come
    /// here (the runner feeds it to the VM's console).
    fn apply(&mut self, now_us: u64, input: &Input) -> Result<(), String>;

    /// Copies what happened up to `now_us` into `rec`: new pin and PWM changes, and the state of
    /// displays, NeoPixels and servos (only when it changed since the last snapshot).
    fn record(&mut self, now_us: u64, rec: &mut Recording);
}

/// The board a lab runs on: the one its diagram.json describes, or the bare DevKit.
pub fn for_lab(
    name: &str,
    diagram: Option<&str>,
) -> Result<Box<dyn LabBoard>, super::parse::LabError> {
    Ok(Box::new(match diagram {
        Some(text) => sim::SimLabBoard::from_diagram(name, text)?,
        None => sim::SimLabBoard::bare(),
    }))
}
