//! The browser's view of the simulated board: a `Board` object that the page's Web Worker
//! drives. It wraps the same console loop as the host CLI (`hal_sim::console::Console`) with a
//! flash the page can save and restore whole, and the files panel's operations. It converts
//! types and errors at the edge and holds no logic of its own.

mod files;
mod flash;

use std::cell::RefCell;
use std::rc::Rc;

use hal_sim::console::{self, Console, Poll};
use vm::{Config, Vm};
use wasm_bindgen::prelude::*;

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

/// One simulated ESP32 with its console, driven from JavaScript.
#[wasm_bindgen]
pub struct Board {
    console: Console,
    flash: ImageFlash,
    next_main: Rc<RefCell<NextMain>>,
    sleeping_until_us: u64,
}

#[wasm_bindgen]
impl Board {
    /// Powers a board on with the flash image the page kept (or a blank flash). An image of
    /// the wrong size is refused with an error saying why. `run_main` false skips main.py
    /// this once (the page restarts a board that hung or crashed without its program).
    #[wasm_bindgen(constructor)]
    pub fn new(image: Option<Vec<u8>>, run_main: bool) -> Result<Board, JsError> {
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
        Ok(Board {
            console: power_on(&flash, &next_main, 0),
            flash,
            next_main,
            sleeping_until_us: 0,
        })
    }

    /// Bytes typed on the console (keys, pasted text, Ctrl-C = 3, Ctrl-D = 4).
    pub fn feed(&mut self, bytes: &[u8]) {
        self.console.feed(bytes);
    }

    /// The board's clock has reached `now_us` microseconds since power-on (never goes back).
    pub fn set_time_us(&mut self, now_us: f64) {
        self.console.set_time_us(now_us.max(0.0) as u64);
    }

    /// The board's clock in microseconds.
    pub fn time_us(&self) -> f64 {
        self.console.time_us() as f64
    }

    /// Runs up to `budget` bytecodes and says what the board waits for: `"busy"` (call again
    /// soon), `"idle"` (the REPL waits for input), `"input"` (`input()` waits), or
    /// `"sleeping"` (until [`Board::sleeping_until_us`], or input).
    pub fn run(&mut self, budget: u32) -> String {
        match self.console.run(budget) {
            Poll::Busy => "busy",
            Poll::Idle => "idle",
            Poll::WaitingForInput => "input",
            Poll::Sleeping { until_us } => {
                self.sleeping_until_us = until_us;
                "sleeping"
            }
        }
        .to_string()
    }

    /// When the sleep that `run` reported ends, in microseconds.
    pub fn sleeping_until_us(&self) -> f64 {
        self.sleeping_until_us as f64
    }

    /// Console output since the last call.
    pub fn take_output(&mut self) -> Vec<u8> {
        self.console.take_output()
    }

    /// Presses the reset button: a fresh VM on the same flash, which runs boot.py and main.py.
    pub fn reset(&mut self) {
        let now = self.console.time_us();
        self.console = power_on(&self.flash, &self.next_main, now);
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

/// A fresh console on the board's flash, its clock already at `now_us`.
fn power_on(flash: &ImageFlash, next_main: &Rc<RefCell<NextMain>>, now_us: u64) -> Console {
    let board = PageBoard {
        flash: flash.clone(),
        next_main: next_main.clone(),
    };
    let mut console = Console::new(Config::default(), Box::new(board));
    console.set_time_us(now_us);
    console
}

fn set(target: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsError> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| JsError::new("cannot build the file list"))
}
