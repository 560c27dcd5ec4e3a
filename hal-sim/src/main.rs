//! `esprit`: run Python on the simulated board from the command line.
fn main() {}
