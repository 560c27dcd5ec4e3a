//! File-system tests: operations, big files, a full partition, remounting, wear, and the
//! power-loss test that cuts the flash at every write of a sequence of operations.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use super::*;
use crate::hal::RamFlash;

/// A flash shared with the test, so it can be remounted after the file system is dropped, that
/// loses power after `budget` writes and erases: the cut operation does half its work, and
/// every later one fails.
#[derive(Clone)]
struct CutFlash {
    inner: Rc<RefCell<RamFlash>>,
    budget: Rc<RefCell<Option<usize>>>,
    ops: Rc<RefCell<usize>>,
}

impl CutFlash {
    fn new(capacity: usize) -> CutFlash {
        CutFlash {
            inner: Rc::new(RefCell::new(RamFlash::new(capacity, 4096))),
            budget: Rc::new(RefCell::new(None)),
            ops: Rc::new(RefCell::new(0)),
        }
    }

    /// True when this operation may run in full.
    fn tick(&self) -> Result<bool, HalError> {
        let mut ops = self.ops.borrow_mut();
        *ops += 1;
        match *self.budget.borrow() {
            Some(b) if *ops > b + 1 => Err(HalError::Io),
            Some(b) if *ops == b + 1 => Ok(false),
            _ => Ok(true),
        }
    }
}

impl Flash for CutFlash {
    fn read(&mut self, offset: usize, buf: &mut [u8]) -> Result<(), HalError> {
        if self.budget.borrow().is_some_and(|b| *self.ops.borrow() > b) {
            return Err(HalError::Io);
        }
        self.inner.borrow_mut().read(offset, buf)
    }
    fn write(&mut self, offset: usize, data: &[u8]) -> Result<(), HalError> {
        if !self.tick()? {
            let half = data.len() / 2;
            self.inner.borrow_mut().write(offset, &data[..half])?;
            return Err(HalError::Io);
        }
        self.inner.borrow_mut().write(offset, data)
    }
    fn erase(&mut self, sector_offset: usize) -> Result<(), HalError> {
        if !self.tick()? {
            // An erase cut short leaves the sector part erased, part junk.
            let mut f = self.inner.borrow_mut();
            f.erase(sector_offset)?;
            let junk = alloc::vec![0x5Au8; f.sector_size() / 2];
            f.write(sector_offset + junk.len(), &junk)?;
            return Err(HalError::Io);
        }
        self.inner.borrow_mut().erase(sector_offset)
    }
    fn sector_size(&self) -> usize {
        4096
    }
    fn capacity(&self) -> usize {
        self.inner.borrow().capacity()
    }
}

const RW: OpenMode = OpenMode {
    read: true,
    write: true,
    append: false,
    truncate: true,
    create: true,
    exclusive: false,
};

const R: OpenMode = OpenMode {
    read: true,
    write: false,
    append: false,
    truncate: false,
    create: false,
    exclusive: false,
};

fn ram(capacity: usize) -> FileSystem {
    FileSystem::mount(Box::new(RamFlash::new(capacity, 4096))).unwrap()
}

fn put(fs: &mut FileSystem, path: &str, data: &[u8]) -> FsResult<()> {
    let h = fs.open(path, RW)?;
    let r = fs.write(h, data);
    let c = fs.close(h);
    r?;
    c
}

fn get(fs: &mut FileSystem, path: &str) -> FsResult<Vec<u8>> {
    let h = fs.open(path, R)?;
    let mut out = Vec::new();
    let mut buf = [0u8; 1000];
    loop {
        let n = fs.read(h, &mut buf)?;
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
    }
    fs.close(h)?;
    Ok(out)
}

fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn names(fs: &FileSystem, path: &str) -> Vec<String> {
    let mut v: Vec<String> = fs
        .listdir(path)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    v.sort();
    v
}

#[test]
fn files_and_directories() {
    let mut fs = ram(64 * 1024);
    put(&mut fs, "a.txt", b"hello").unwrap();
    assert_eq!(get(&mut fs, "/a.txt").unwrap(), b"hello");
    fs.mkdir("d").unwrap();
    assert_eq!(fs.mkdir("d"), Err(FsError::Exists));
    put(&mut fs, "d/b", b"bee").unwrap();
    assert_eq!(names(&fs, ""), ["a.txt", "d"]);
    assert_eq!(fs.stat("d/b").unwrap().size, 3);
    assert_eq!(get(&mut fs, "nope"), Err(FsError::NotFound));
    assert_eq!(fs.listdir("a.txt"), Err(FsError::NotDir));
    assert_eq!(fs.stat("a.txt/x"), Err(FsError::NotDir));
    assert_eq!(fs.rmdir("d"), Err(FsError::NotEmpty));
    assert_eq!(fs.rmdir("a.txt"), Err(FsError::NotDir));
    assert_eq!(fs.remove("d"), Err(FsError::IsDir));
    assert_eq!(fs.open("d", R), Err(FsError::IsDir));
    fs.rename("d/b", "c").unwrap();
    assert_eq!(get(&mut fs, "c").unwrap(), b"bee");
    fs.rmdir("d").unwrap();
    fs.rename("c", "a.txt").unwrap();
    assert_eq!(names(&fs, "/"), ["a.txt"]);
    assert_eq!(get(&mut fs, "a.txt").unwrap(), b"bee");
    fs.mkdir("e").unwrap();
    fs.chdir("e").unwrap();
    put(&mut fs, "f", b"x").unwrap();
    assert_eq!(fs.cwd, "/e");
    fs.chdir("..").unwrap();
    assert_eq!(get(&mut fs, "e/f").unwrap(), b"x");
    assert_eq!(fs.rename("e", "e/g"), Err(FsError::Invalid));
    fs.remove("e/f").unwrap();
    assert_eq!(fs.stat("e/f"), Err(FsError::NotFound));
}

#[test]
fn seek_append_and_rewrite_in_place() {
    let mut fs = ram(64 * 1024);
    let data = pattern(10_000, 1);
    put(&mut fs, "f", &data).unwrap();
    let mode = OpenMode {
        truncate: false,
        ..RW
    };
    let h = fs.open("f", mode).unwrap();
    fs.seek(h, 4090, 0).unwrap();
    fs.write(h, b"XXXXXXXXXXXX").unwrap();
    fs.close(h).unwrap();
    let mut want = data.clone();
    want[4090..4102].copy_from_slice(b"XXXXXXXXXXXX");
    assert_eq!(get(&mut fs, "f").unwrap(), want);
    let h = fs
        .open(
            "f",
            OpenMode {
                append: true,
                read: false,
                ..mode
            },
        )
        .unwrap();
    fs.write(h, b"end").unwrap();
    fs.close(h).unwrap();
    want.extend_from_slice(b"end");
    assert_eq!(get(&mut fs, "f").unwrap(), want);
    // Writing past the end leaves zeros in the gap.
    let h = fs.open("g", RW).unwrap();
    fs.seek(h, 9000, 0).unwrap();
    fs.write(h, b"z").unwrap();
    fs.close(h).unwrap();
    let g = get(&mut fs, "g").unwrap();
    assert_eq!(g.len(), 9001);
    assert!(g[..9000].iter().all(|b| *b == 0));
}

#[test]
fn big_files_span_many_blocks_and_survive_remount() {
    let flash = CutFlash::new(1024 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    let big = pattern(300_000, 7);
    put(&mut fs, "big.bin", &big).unwrap();
    fs.mkdir("lib").unwrap();
    put(&mut fs, "lib/m.py", b"x = 1\n").unwrap();
    drop(fs);
    let mut fs = FileSystem::mount(Box::new(flash)).unwrap();
    assert_eq!(get(&mut fs, "big.bin").unwrap(), big);
    assert_eq!(get(&mut fs, "lib/m.py").unwrap(), b"x = 1\n");
}

#[test]
fn full_partition_is_enospc_and_keeps_other_files() {
    let flash = CutFlash::new(64 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    put(&mut fs, "keep", b"precious").unwrap();
    let r = put(&mut fs, "huge", &pattern(100_000, 3));
    assert_eq!(r, Err(FsError::NoSpace));
    assert_eq!(get(&mut fs, "keep").unwrap(), b"precious");
    // The failed file exists (created at open) but holds nothing; its blocks are free again.
    assert_eq!(fs.stat("huge").unwrap().size, 0);
    put(&mut fs, "small", b"fits").unwrap();
    drop(fs);
    let mut fs = FileSystem::mount(Box::new(flash)).unwrap();
    assert_eq!(get(&mut fs, "keep").unwrap(), b"precious");
    assert_eq!(get(&mut fs, "small").unwrap(), b"fits");
}

#[test]
fn blank_or_corrupt_flash_mounts_empty() {
    let flash = CutFlash::new(64 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    put(&mut fs, "a", b"1").unwrap();
    drop(fs);
    // Zero both superblock sectors: no record is valid any more.
    flash.inner.borrow_mut().write(0, &[0; 8192]).unwrap();
    let fs = FileSystem::mount(Box::new(flash)).unwrap();
    assert!(fs.listdir("/").unwrap().is_empty());
    let mut fs = ram(64 * 1024);
    put(&mut fs, "a", b"1").unwrap();
    fs.format().unwrap();
    assert!(fs.listdir("/").unwrap().is_empty());
}

#[test]
fn wear_is_spread_over_the_blocks() {
    let flash = CutFlash::new(128 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    for i in 0..400u32 {
        put(&mut fs, "counter", &i.to_le_bytes()).unwrap();
    }
    let erases = flash.inner.borrow().erases.clone();
    let data = &erases[2..];
    let (min, max) = (data.iter().min().unwrap(), data.iter().max().unwrap());
    // 400 rewrites of a one-block file plus its metadata over 30 blocks: even use.
    assert!(*min >= 20 && max - min <= 2, "{erases:?}");
    // The superblock sectors take one erase per 16 commits.
    assert!(erases[0] + erases[1] <= 400 * 2 / 16 + 2, "{erases:?}");
}

/// The script the power-loss test cuts: (operation, file it writes, if any).
fn script(fs: &mut FileSystem, step: usize) -> FsResult<()> {
    match step {
        0 => put(fs, "a", b"alpha"),
        1 => fs.mkdir("d"),
        2 => put(fs, "d/b", &pattern(9000, 2)),
        3 => put(fs, "a", &pattern(20_000, 9)),
        4 => fs.rename("d/b", "c"),
        5 => {
            let h = fs.open(
                "c",
                OpenMode {
                    truncate: false,
                    append: true,
                    ..RW
                },
            )?;
            fs.write(h, b"tail")?;
            fs.close(h)
        }
        6 => fs.remove("a"),
        7 => put(fs, "d/e", b"eee"),
        _ => fs.rmdir("nothing"),
    }
}

const STEPS: usize = 8;

/// The paths each step of `script` changes.
const TOUCHED: [&[&str]; STEPS] = [
    &["a"],
    &["d"],
    &["d/b"],
    &["a"],
    &["d/b", "c"],
    &["c"],
    &["a"],
    &["d/e"],
];

type State = Vec<(String, Option<Vec<u8>>)>;

/// The entry of `path` in a state: absent, a directory, or a file's contents.
fn at<'a>(state: &'a State, path: &str) -> Option<&'a Option<Vec<u8>>> {
    state.iter().find(|(p, _)| p == path).map(|(_, d)| d)
}

/// The whole observable state: every path with its contents (None for directories).
fn snapshot(fs: &mut FileSystem) -> State {
    let mut out = Vec::new();
    let mut todo = alloc::vec![String::new()];
    while let Some(dir) = todo.pop() {
        for e in fs.listdir(&alloc::format!("/{dir}")).unwrap() {
            let path = if dir.is_empty() {
                e.name.clone()
            } else {
                alloc::format!("{dir}/{}", e.name)
            };
            if e.dir {
                todo.push(path.clone());
                out.push((path, None));
            } else {
                let data = get(fs, &path).unwrap();
                out.push((path, Some(data)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn power_loss_at_every_write_keeps_old_or_new_state() {
    // The states after each step, without cuts.
    let flash = CutFlash::new(256 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    let mut states = alloc::vec![snapshot(&mut fs)];
    let mut ops_after = Vec::new();
    for step in 0..STEPS {
        let _ = script(&mut fs, step);
        states.push(snapshot(&mut fs));
        ops_after.push(*flash.ops.borrow());
    }
    let total = *flash.ops.borrow();
    assert!(total > 40, "the script should write a lot: {total}");
    for cut in 0..total {
        let flash = CutFlash::new(256 * 1024);
        let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
        *flash.budget.borrow_mut() = Some(cut);
        let mut step = 0;
        while step < STEPS && script(&mut fs, step).is_ok() && *flash.ops.borrow() <= cut {
            step += 1;
        }
        drop(fs);
        // Power comes back.
        *flash.budget.borrow_mut() = None;
        let mut fs = FileSystem::mount(Box::new(flash.clone()))
            .unwrap_or_else(|e| panic!("cut {cut}: mount failed: {e:?}"));
        let got = snapshot(&mut fs);
        // The step the cut interrupted either happened or it did not.
        let step = ops_after.iter().position(|n| *n > cut).unwrap_or(STEPS - 1);
        let (before, after) = (&states[step], &states[step + 1]);
        let touched = TOUCHED[step];
        // Every other file and directory is as it was.
        let others = |s: &State| -> State {
            s.iter()
                .filter(|(p, _)| !touched.contains(&p.as_str()))
                .cloned()
                .collect()
        };
        assert_eq!(others(&got), others(before), "cut {cut} during step {step}");
        // The touched paths show the old state or the new one, all together; a file created
        // by `open` may also be seen empty, before its data was committed.
        let view = |s: &State| -> Vec<Option<Option<Vec<u8>>>> {
            touched.iter().map(|p| at(s, p).cloned()).collect()
        };
        let g = view(&got);
        let created_empty =
            touched.len() == 1 && view(before) == [None] && g == [Some(Some(Vec::new()))];
        assert!(
            g == view(before) || g == view(after) || created_empty,
            "cut {cut} during step {step}: {:?}",
            g.iter()
                .map(|d| d.as_ref().map(|d| d.as_ref().map(Vec::len)))
                .collect::<Vec<_>>()
        );
        // And it keeps working.
        put(&mut fs, "after", b"ok").unwrap();
        assert_eq!(get(&mut fs, "after").unwrap(), b"ok");
    }
}

/// Random operations checked against a model (a map of path to contents), remounting now and
/// then: the file system always shows exactly what the model says.
#[test]
fn random_operations_match_a_model() {
    use alloc::collections::BTreeMap;
    let flash = CutFlash::new(256 * 1024);
    let mut fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
    fs.mkdir("d").unwrap();
    let names = ["a", "b", "d/c", "d/e", "f"];
    let mut model: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    let mut seed = 12345u32;
    let mut next = |n: u32| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 8) % n
    };
    for round in 0..300 {
        let name = names[next(names.len() as u32) as usize];
        match next(4) {
            0 | 1 => {
                let data = pattern(next(12_000) as usize, round as u8);
                put(&mut fs, name, &data).unwrap();
                model.insert(name, data);
            }
            2 => {
                let data = pattern(next(5000) as usize, 3);
                let mode = OpenMode {
                    truncate: false,
                    append: true,
                    ..RW
                };
                let h = fs.open(name, mode).unwrap();
                fs.write(h, &data).unwrap();
                fs.close(h).unwrap();
                model.entry(name).or_default().extend_from_slice(&data);
            }
            _ => {
                let to = names[next(names.len() as u32) as usize];
                match model.remove(name) {
                    Some(data) => {
                        fs.rename(name, to).unwrap();
                        model.insert(to, data);
                    }
                    None => assert_eq!(fs.remove(name), Err(FsError::NotFound)),
                }
            }
        }
        if next(10) == 0 {
            drop(fs);
            fs = FileSystem::mount(Box::new(flash.clone())).unwrap();
        }
        for n in names {
            assert_eq!(
                get(&mut fs, n).ok().as_ref(),
                model.get(n),
                "round {round}: {n}"
            );
        }
    }
}
