//! The esprit Python VM: lexer, parser, compiler, stackless interpreter, object model and
//! standard modules. `no_std` + `alloc`, so the same crate runs on the ESP32, in the browser and on
//! the host.
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ast;
pub mod num;
pub mod lexer;
pub mod parser;
