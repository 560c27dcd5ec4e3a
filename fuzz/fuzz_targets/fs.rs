//! The flash file system fed arbitrary operation sequences with power cuts: after a cut and a
//! remount, the files are exactly as they were after the last operation that finished, or as
//! the cut one would have left them; never anything else, and never a panic.
#![no_main]

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use vm::fs::{FileSystem, OpenMode};
use vm::hal::{Flash, HalError};

const SECTOR: usize = 4096;
const CAPACITY: usize = 24 * SECTOR;
const NAMES: [&str; 6] = ["/a", "/b", "/d", "/d/a", "/d/b", "/d/e"];

/// NOR flash in shared memory that loses power after `budget` programs/erases.
#[derive(Clone)]
struct CutFlash {
    bytes: Rc<RefCell<Vec<u8>>>,
    budget: Rc<RefCell<Option<u32>>>,
}

impl CutFlash {
    fn blank() -> CutFlash {
        CutFlash::from(vec![0xFF; CAPACITY])
    }
    fn from(bytes: Vec<u8>) -> CutFlash {
        CutFlash {
            bytes: Rc::new(RefCell::new(bytes)),
            budget: Rc::new(RefCell::new(None)),
        }
    }
    /// False once power is gone; a change that uses the last unit of budget is half done.
    fn spend(&self) -> Result<bool, HalError> {
        let mut budget = self.budget.borrow_mut();
        match *budget {
            None => Ok(true),
            Some(0) => Err(HalError::Io),
            Some(1) => {
                *budget = Some(0);
                Ok(false)
            }
            Some(n) => {
                *budget = Some(n - 1);
                Ok(true)
            }
        }
    }
    fn range(&self, offset: usize, len: usize) -> Result<std::ops::Range<usize>, HalError> {
        match offset.checked_add(len) {
            Some(end) if end <= CAPACITY => Ok(offset..end),
            _ => Err(HalError::OutOfRange),
        }
    }
}

impl Flash for CutFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        if *self.budget.borrow() == Some(0) {
            return Err(HalError::Io);
        }
        let r = self.range(offset, buf.len())?;
        buf.copy_from_slice(&self.bytes.borrow()[r]);
        Ok(())
    }
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        let r = self.range(offset, data.len())?;
        let whole = self.spend()?;
        let n = if whole { data.len() } else { data.len() / 2 };
        let mut bytes = self.bytes.borrow_mut();
        for (dst, src) in bytes[r].iter_mut().zip(&data[..n]) {
            *dst &= *src;
        }
        if whole { Ok(()) } else { Err(HalError::Io) }
    }
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !sector_offset.is_multiple_of(SECTOR) {
            return Err(HalError::Misaligned);
        }
        let r = self.range(sector_offset, SECTOR)?;
        let whole = self.spend()?;
        let mut bytes = self.bytes.borrow_mut();
        let sector = &mut bytes[r];
        sector.fill(0xFF);
        if whole {
            Ok(())
        } else {
            // An erase cut short leaves junk in part of the sector.
            sector[SECTOR / 2..].fill(0x5A);
            Err(HalError::Io)
        }
    }
    fn sector_size(&self) -> usize {
        SECTOR
    }
    fn capacity(&self) -> usize {
        CAPACITY
    }
}

/// Every directory and file with its contents: what a user could observe.
type State = BTreeMap<String, Option<Vec<u8>>>;

fn observe(fs: &mut FileSystem) -> State {
    let mut state = State::new();
    let mut dirs = vec![String::from("/")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs.listdir(&dir) else {
            continue;
        };
        for e in entries {
            let path = format!("{}/{}", dir.trim_end_matches('/'), e.name);
            if e.dir {
                state.insert(path.clone(), None);
                dirs.push(path);
            } else {
                state.insert(path.clone(), Some(read_all(fs, &path)));
            }
        }
    }
    state
}

fn read_all(fs: &mut FileSystem, path: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let Ok(h) = fs.open(path, mode("r")) else {
        return out;
    };
    let mut buf = [0u8; 512];
    while let Ok(n) = fs.read(h, &mut buf) {
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    let _ = fs.close(h);
    out
}

fn mode(m: &str) -> OpenMode {
    OpenMode {
        read: m == "r",
        write: m != "r",
        append: m == "a",
        truncate: m == "w",
        create: m != "r",
        exclusive: false,
    }
}

/// One operation decoded from three bytes; errors (ENOENT, EEXIST...) are part of the game.
fn apply(fs: &mut FileSystem, op: &[u8]) {
    let name = NAMES[op[1] as usize % NAMES.len()];
    let other = NAMES[op[2] as usize % NAMES.len()];
    match op[0] % 7 {
        0 | 1 => {
            let m = if op[0].is_multiple_of(7) { "w" } else { "a" };
            if let Ok(h) = fs.open(name, mode(m)) {
                let data = vec![op[2]; op[2] as usize * 37 % 9000];
                let _ = fs.write(h, &data);
                let _ = fs.close(h);
            }
        }
        2 => drop(fs.mkdir(name)),
        3 => drop(fs.remove(name)),
        4 => drop(fs.rmdir(name)),
        5 => drop(fs.rename(name, other)),
        _ => drop(fs.sync()),
    }
}

/// What a cut during `op` may leave: the state before it or after it; a write or append may
/// also have got as far as creating (or truncating) its file and no further, as on LittleFS.
fn survived(found: &State, before: &State, after: &State, op: &[u8]) -> bool {
    if found == before || found == after {
        return true;
    }
    if op[0] % 7 > 1 {
        return false;
    }
    let name = NAMES[op[1] as usize % NAMES.len()];
    let mut rest = found.clone();
    let file = rest.remove(name);
    let mut others = after.clone();
    others.remove(name);
    let may_be_empty = op[0].is_multiple_of(7) || !before.contains_key(name);
    rest == others && file == Some(Some(Vec::new())) && may_be_empty
}

fuzz_target!(|data: &[u8]| {
    let flash = CutFlash::blank();
    let Ok(mut fs) = FileSystem::mount(Box::new(flash.clone())) else {
        return;
    };
    // A shadow file system that never loses power says what each operation should leave.
    let mut shadow = FileSystem::mount(Box::new(CutFlash::blank())).expect("mount a blank flash");
    let mut ops = data.chunks_exact(3);
    while let Some(op) = ops.next() {
        if op[0] == 0xFF {
            // Power is cut after op[1] more flash changes, during the next operation.
            let Some(next) = ops.next() else { break };
            let before = observe(&mut shadow);
            apply(&mut shadow, next);
            let after = observe(&mut shadow);
            *flash.budget.borrow_mut() = Some(op[1] as u32 % 40 + 1);
            apply(&mut fs, next);
            drop(fs);
            *flash.budget.borrow_mut() = None;
            fs = FileSystem::mount(Box::new(flash.clone())).expect("remount after a power cut");
            let found = observe(&mut fs);
            assert!(
                survived(&found, &before, &after, next),
                "after a cut: {found:?}\nexpected {before:?}\nor {after:?}"
            );
            // Carry on from what survived.
            let image = flash.bytes.borrow().clone();
            shadow = FileSystem::mount(Box::new(CutFlash::from(image))).expect("mount a copy");
        } else {
            apply(&mut fs, op);
            apply(&mut shadow, op);
        }
    }
    let live = observe(&mut fs);
    assert_eq!(
        live,
        observe(&mut shadow),
        "the file system and its shadow disagree"
    );
    drop(fs);
    let mut remounted = FileSystem::mount(Box::new(flash.clone())).expect("remount");
    assert_eq!(
        observe(&mut remounted),
        live,
        "a clean remount lost changes"
    );
});
