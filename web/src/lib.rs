//! The browser's view of the simulated board: a `Board` object that the page's Web Worker
//! drives. It wraps the same console loop as the host CLI (`hal_sim::console::Console`) with a
//! flash the page can save and restore whole, the circuit from the page's diagram.json, and
//! the files panel's operations. It converts types and errors at the edge and holds no logic
//! of its own.

mod circuit;
mod files;
mod flash;
mod labs;

use std::cell::RefCell;
use std::rc::Rc;

use hal_sim::board::console::BoardConsole;
use hal_sim::console::{self, Console, Poll};
use vm::{Config, Vm};
use wasm_bindgen::prelude::*;

pub use circuit::Circuit;
pub use files::FileInfo;
pub use flash::ImageFlash;

/// What the next boot runs as `main.py`.
#[derive(Default)]
enum NextMain {
    /// The file on flash, as a real board does.
    #[default]
    FromFlash,
    /// The editor's buffer, instead of the file.
    Source(String),
    /// Nothing: the board was reset to stop a program, which must not start again.
    Skip,
}

/// The page's board: the flash file system, and what to run as `main.py` at the next boot.
struct PageBoard {
    flash: ImageFlash,
    next_main: Rc<RefCell<NextMain>>,
}

impl console::Board for PageBoard {
    fn setup(&mut self, vm: &mut Vm) {
        // A blank or corrupt flash is formatted by the mount; it fails only when the flash
        // itself does, and then `os` mounts a RAM flash on first use.
        let _ = vm.mount_flash(Box::new(self.flash.clone()));
    }

    fn read_file(&mut self, vm: &mut Vm, path: &str) -> Option<String> {
        if path == "main.py" {
            match self.next_main.take() {
                NextMain::FromFlash => {}
                NextMain::Source(source) => return Some(source),
                NextMain::Skip => return None,
            }
        }
        vm.read_file(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }
}

/// One simulated ESP32 with its console, driven from JavaScript. Times given and returned
/// are the page's clock in µs; the board's own clock starts at 0 at each power-on.
#[wasm_bindgen]
pub struct Board {
    console: Console,
    flash: ImageFlash,
    circuit: Circuit,
    /// Why the page's diagram was refused, if it was (the board is then the bare DevKit).
    diagram_error: Option<String>,
    next_main: Rc<RefCell<NextMain>>,
    /// The page's clock at the last power-on.
    epoch_us: u64,
    /// When the board next has something to do by itself (page clock).
    wake_at_us: u64,
}

#[wasm_bindgen]
impl Board {
    /// Powers a board on with the flash image the page kept (or a blank flash), wired as
    /// `diagram` (diagram.json text; a diagram with errors gives the bare DevKit and
    /// [`Board::diagram_error`] says why). An image of the wrong size is refused with an error
    /// saying why. `run_main` false skips main.py this once (the page restarts a board that
    /// hung or crashed without its program).
    #[wasm_bindgen(constructor)]
    pub fn new(image: Option<Vec<u8>>, run_main: bool, diagram: &str) -> Result<Board, JsError> {
        console_error_panic_hook::set_once();
        let flash = ImageFlash::blank();
        if let Some(image) = image {
            flash
                .load(&image)
                .map_err(|e| JsError::new(&e.to_string()))?;
        }
        let next_main = Rc::new(RefCell::new(if run_main {
            NextMain::FromFlash
        } else {
            NextMain::Skip
        }));
        let (circuit, diagram_error) = match Circuit::new(diagram) {
            Ok(circuit) => (circuit, None),
            Err(e) => (Circuit::bare(), Some(e)),
        };
        Ok(Board {
            console: power_on(&flash, &circuit, &next_main),
            flash,
            circuit,
            diagram_error,
            next_main,
            epoch_us: 0,
            wake_at_us: 0,
        })
    }

    /// Why the diagram given to the constructor was refused, if it was.
    pub fn diagram_error(&self) -> Option<String> {
        self.diagram_error.clone()
    }

    /// Rewires the board as `diagram` and resets it; a diagram with errors is refused with an
    /// error saying where, and the board stays as it was.
    pub fn set_diagram(&mut self, diagram: &str) -> Result<(), JsError> {
        self.circuit = Circuit::new(diagram).map_err(|e| JsError::new(&e))?;
        self.diagram_error = None;
        self.reset();
        Ok(())
    }

    /// Every part's state as JSON text: `{"led1": {"kind": "led", "brightness": 1}, ...}`.
    pub fn parts_json(&self) -> String {
        self.circuit.parts_json()
    }

    /// An input from the board panel: `action` is "press", "release" or "set" (with `value`,
    /// and `property` for parts with more than one).
    pub fn part_input(
        &mut self,
        part: &str,
        action: &str,
        property: Option<String>,
        value: f64,
    ) -> Result<(), JsError> {
        self.circuit
            .input(part, action, property, value)
            .map_err(|e| JsError::new(&e))
    }

    /// The trace of every pin since power-on, as VCD text (for PulseView or GTKWave).
    pub fn vcd(&self) -> String {
        self.circuit.vcd()
    }

    /// Bytes typed on the console (keys, pasted text, Ctrl-C = 3, Ctrl-D = 4).
    pub fn feed(&mut self, bytes: &[u8]) {
        self.console.feed(bytes);
    }

    /// The page's clock has reached `now_us` (it never goes back).
    pub fn set_time_us(&mut self, now_us: f64) {
        let board_us = (now_us.max(0.0) as u64).saturating_sub(self.epoch_us);
        self.console.set_time_us(board_us);
        self.circuit.advance_to(self.console.time_us());
    }

    /// The board's clock: µs since power-on.
    pub fn time_us(&self) -> f64 {
        self.console.time_us() as f64
    }

    /// Runs up to `budget` bytecodes and says what the board waits for: `"busy"` (call again
    /// soon), `"idle"` (the REPL waits for input), `"input"` (`input()` waits), or
    /// `"sleeping"`; unless busy, it also has something to do at [`Board::wake_at_us`].
    pub fn run(&mut self, budget: u32) -> String {
        let poll = self.console.run(budget);
        let sleep = match poll {
            Poll::Sleeping { until_us } => Some(until_us),
            _ => None,
        };
        let wake = match (sleep, self.circuit.next_change_us()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.wake_at_us = wake.map_or(u64::MAX, |t| t.saturating_add(self.epoch_us));
        match poll {
            Poll::Busy => "busy",
            Poll::Idle => "idle",
            Poll::WaitingForInput => "input",
            Poll::Sleeping { .. } => "sleeping",
        }
        .to_string()
    }

    /// When the board next has something to do by itself (page clock, µs; Infinity: never).
    pub fn wake_at_us(&self) -> f64 {
        if self.wake_at_us == u64::MAX {
            f64::INFINITY
        } else {
            self.wake_at_us as f64
        }
    }

    /// Console output since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.console.take_output()
    }

    /// Presses the reset button: a fresh VM and circuit on the same flash, which runs boot.py
    /// and main.py, with the board's clock back at 0.
    pub fn reset(&mut self) {
        self.epoch_us = self.epoch_us.saturating_add(self.console.time_us());
        self.circuit = self.circuit.rebuilt();
        self.console = power_on(&self.flash, &self.circuit, &self.next_main);
    }

    /// Resets to stop a program that ignored Ctrl-C: boot.py runs, main.py does not.
    pub fn reset_to_repl(&mut self) {
        *self.next_main.borrow_mut() = NextMain::Skip;
        self.reset();
    }

    /// Resets and runs `source` as `main.py` (once; the file on flash is left as it is), so
    /// errors name `main.py` and its lines.
    pub fn run_main(&mut self, source: String) {
        *self.next_main.borrow_mut() = NextMain::Source(source);
        self.reset();
    }

    /// The whole flash image, for the page to keep.
    pub fn flash_image(&self) -> Vec<u8> {
        self.flash.image()
    }

    /// Changes whenever the flash is written or erased: save the image when it moved.
    pub fn flash_generation(&self) -> u32 {
        self.flash.generation()
    }

    /// Erases the flash (every file is gone) and resets the board.
    pub fn factory_reset(&mut self) {
        *self.next_main.borrow_mut() = NextMain::FromFlash;
        self.flash.wipe();
        self.reset();
    }

    /// Every file and directory: an array of `{path, dir, size}`.
    pub fn list_files(&mut self) -> Result<js_sys::Array, JsError> {
        let list = self.with_fs(|fs| files::list_all(fs))?;
        let out = js_sys::Array::new();
        for f in list {
            let item = js_sys::Object::new();
            set(&item, "path", &JsValue::from_str(&f.path))?;
            set(&item, "dir", &JsValue::from_bool(f.dir))?;
            set(&item, "size", &JsValue::from_f64(f64::from(f.size)))?;
            out.push(&item);
        }
        Ok(out)
    }

    /// The contents of a file.
    pub fn read_file(&mut self, path: &str) -> Result<Vec<u8>, JsError> {
        self.with_fs(|fs| files::read(fs, path))
    }

    /// Creates or replaces a file (and its missing parent directories).
    pub fn write_file(&mut self, path: &str, data: &[u8]) -> Result<(), JsError> {
        self.with_fs(|fs| files::write(fs, path, data))
    }

    /// Renames a file or directory, replacing a file at `to`.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), JsError> {
        self.with_fs(|fs| fs.rename(from, to))
    }

    /// Removes a file, or a directory with everything in it.
    pub fn remove(&mut self, path: &str) -> Result<(), JsError> {
        self.with_fs(|fs| files::remove(fs, path))
    }

    /// Creates a directory.
    pub fn mkdir(&mut self, path: &str) -> Result<(), JsError> {
        self.with_fs(|fs| fs.mkdir(path))
    }
}

impl Board {
    fn with_fs<T>(
        &mut self,
        f: impl FnOnce(&mut vm::fs::FileSystem) -> Result<T, vm::fs::FsError>,
    ) -> Result<T, JsError> {
        match self.console.vm().file_system() {
            Some(fs) => f(fs).map_err(|e| JsError::new(&files::describe(e))),
            None => Err(JsError::new("the board's flash is not mounted")),
        }
    }
}

/// A fresh console on the board's flash and circuit.
fn power_on(flash: &ImageFlash, circuit: &Circuit, next_main: &Rc<RefCell<NextMain>>) -> Console {
    let page = PageBoard {
        flash: flash.clone(),
        next_main: next_main.clone(),
    };
    let board = BoardConsole::new(circuit.board.clone(), page);
    Console::new(Config::default(), Box::new(board))
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("cannot build the file list"))
}
