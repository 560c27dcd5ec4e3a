//! The simulated board's serial console: the VM's board main loop (`vm::main_loop`, shared with
//! the firmware on real chips), which the host CLI, `esprit serve --pty` and the web page drive.

pub use vm::main_loop::{BareBoard, Board, Console, Poll, banner};

#[cfg(test)]
mod tests;
