//! Links the firmware with esp-hal's linker script when building for a chip; host builds (the
//! workspace's clippy and tests) link as usual.

fn main() {
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "none" {
        println!("cargo:rustc-link-arg-bins=-Tlinkall.x");
        // esp-hal's Xtensa runtime brings its own start-up code (as esp-generate configures).
        if std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default() == "xtensa" {
            println!("cargo:rustc-link-arg-bins=-nostartfiles");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
