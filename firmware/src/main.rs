//! The esprit firmware's entry point. On a chip (`target_os = "none"`) it is `chip_main`; on the
//! host, where the workspace's clippy and tests build every crate, it only says how to build it.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod chip_main;

#[cfg(not(target_os = "none"))]
fn main() {
    eprintln!("esprit-firmware runs on an ESP32: build it with `cargo xtask firmware`");
    std::process::exit(2);
}
