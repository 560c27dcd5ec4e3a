//! The flash file system, over the `Flash` HAL trait: the same code on the simulated board and
//! the chip. Directories and files of any size up to the partition; file data lives in
//! flash blocks (one erase sector each) and is never all in RAM.
//!
//! Power-loss safety is copy-on-write plus an atomic commit: a data or metadata block is only
//! ever written after being erased, and only when nothing committed refers to it; a commit
//! serializes the whole tree into fresh blocks, then appends a record (with a CRC) naming them
//! to the superblock sectors (blocks 0 and 1, see `meta.rs`). Mount picks the newest valid
//! record, so a cut at any point shows the old state or the new one. Blocks are allocated
//! round-robin from where the last allocation ended, so erases spread over the whole
//! partition.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::hal::{Flash, HalError};

mod file;
pub mod meta;
#[cfg(test)]
mod tests;

pub use file::{Handle, OpenMode};
use meta::{MAX_META_BLOCKS, Node, ROOT, Record, SLOT_SIZE, Tree};

/// What went wrong, as the `OSError` errno the `os` module raises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    NotFound,
    Exists,
    NotDir,
    IsDir,
    NotEmpty,
    NoSpace,
    Invalid,
    BadFile,
    Io,
    NoMemory,
}

impl FsError {
    /// The errno (the ESP32's newlib numbers, as in `modules/errno.rs`).
    pub fn errno(self) -> i32 {
        match self {
            FsError::NotFound => 2,
            FsError::Io => 5,
            FsError::BadFile => 9,
            FsError::NoMemory => 12,
            FsError::Exists => 17,
            FsError::NotDir => 20,
            FsError::IsDir => 21,
            FsError::Invalid => 22,
            FsError::NoSpace => 28,
            FsError::NotEmpty => 90,
        }
    }
}

impl From<HalError> for FsError {
    fn from(_: HalError) -> FsError {
        FsError::Io
    }
}

pub type FsResult<T> = Result<T, FsError>;

/// An entry as `os.ilistdir`/`os.stat` show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub dir: bool,
    pub ino: u32,
    pub size: u32,
}

pub struct FileSystem {
    flash: Box<dyn Flash>,
    block_size: usize,
    block_count: u32,
    /// The committed tree (what a remount would show).
    tree: Tree,
    /// The live record's sequence number and metadata blocks.
    seq: u32,
    meta_blocks: Vec<u32>,
    /// Where the next commit record goes: (superblock sector 0 or 1, slot).
    next_slot: (u32, usize),
    /// Open files; a closed one leaves `None` so handle numbers stay stable.
    handles: Vec<Option<Handle>>,
    /// The current directory, absolute, without a trailing '/' (root is "").
    pub cwd: String,
}

/// Files left open are committed when the file system goes away (the VM is dropped at a soft
/// reset or the end of a run), as MicroPython's finalisers close them then.
impl Drop for FileSystem {
    fn drop(&mut self) {
        let _ = self.sync();
    }
}

impl FileSystem {
    /// Mounts the newest valid state on `flash`, or formats it when there is none (blank or
    /// corrupt flash).
    pub fn mount(flash: Box<dyn Flash>) -> FsResult<FileSystem> {
        let mut fs = FileSystem::bare(flash)?;
        if !fs.load()? {
            fs.format()?;
        }
        Ok(fs)
    }

    fn bare(flash: Box<dyn Flash>) -> FsResult<FileSystem> {
        let block_size = flash.sector_size();
        let block_count = (flash.capacity() / block_size.max(1)) as u32;
        if block_size < SLOT_SIZE || block_count < 4 {
            return Err(FsError::Invalid);
        }
        Ok(FileSystem {
            flash,
            block_size,
            block_count,
            tree: Tree::new(),
            seq: 0,
            meta_blocks: Vec::new(),
            next_slot: (0, 0),
            handles: Vec::new(),
            cwd: String::new(),
        })
    }

    /// Erases the superblocks and commits an empty tree: every file is gone.
    pub fn format(&mut self) -> FsResult<()> {
        self.handles.clear();
        self.flash.erase(0)?;
        self.flash.erase(self.block_size)?;
        self.tree = Tree::new();
        self.meta_blocks.clear();
        self.next_slot = (0, 0);
        self.cwd.clear();
        let t = self.tree.clone();
        self.commit(t)
    }

    /// Finds the newest record whose tree reads back intact. False when there is none.
    fn load(&mut self) -> FsResult<bool> {
        let slots = self.block_size / SLOT_SIZE;
        let mut found: Vec<(Record, u32, usize)> = Vec::new();
        // The last used slot of each sector, so new records go after torn ones.
        let mut last_used = [None, None];
        let mut slot = [0u8; SLOT_SIZE];
        for sector in 0..2u32 {
            for i in 0..slots {
                self.flash
                    .read(sector as usize * self.block_size + i * SLOT_SIZE, &mut slot)?;
                if !meta::is_erased(&slot) {
                    last_used[sector as usize] = Some(i);
                }
                if let Some(r) = Record::decode(&slot) {
                    found.push((r, sector, i));
                }
            }
        }
        found.sort_by_key(|r| core::cmp::Reverse(r.0.seq));
        for (record, sector, _) in found {
            let Some(tree) = self.read_tree(&record) else {
                continue;
            };
            self.tree = tree;
            self.seq = record.seq;
            self.meta_blocks = record.blocks;
            let next = last_used[sector as usize].map_or(0, |i| i + 1);
            self.next_slot = if next < slots {
                (sector, next)
            } else {
                (1 - sector, slots)
            };
            return Ok(true);
        }
        Ok(false)
    }

    fn read_tree(&mut self, r: &Record) -> Option<Tree> {
        let len = r.len as usize;
        if len > r.blocks.len() * self.block_size {
            return None;
        }
        let mut data = Vec::new();
        data.try_reserve_exact(len).ok()?;
        data.resize(len, 0);
        for (i, chunk) in data.chunks_mut(self.block_size).enumerate() {
            let b = *r.blocks.get(i)?;
            if b < 2 || b >= self.block_count {
                return None;
            }
            self.flash.read(b as usize * self.block_size, chunk).ok()?;
        }
        if meta::crc32(&data) != r.crc {
            return None;
        }
        Tree::parse(&data, self.block_count)
    }

    /// Which blocks something live refers to: the superblocks, the live metadata, committed
    /// files, open files' new blocks, and `extra`.
    fn used_map(&self, extra: &[u32]) -> Vec<bool> {
        let mut used = alloc::vec![false; self.block_count as usize];
        let mut mark = |b: u32| {
            if let Some(u) = used.get_mut(b as usize) {
                *u = true;
            }
        };
        mark(0);
        mark(1);
        self.meta_blocks.iter().for_each(|b| mark(*b));
        self.tree
            .nodes
            .iter()
            .flat_map(|n| n.blocks.iter())
            .for_each(|b| mark(*b));
        self.handles
            .iter()
            .flatten()
            .flat_map(|h| h.blocks.iter())
            .for_each(|b| mark(*b));
        extra.iter().for_each(|b| mark(*b));
        used
    }

    /// A free block, searching round-robin from where the last search ended, erased and
    /// ready to write.
    fn alloc_block(&mut self, extra: &[u32]) -> FsResult<u32> {
        let used = self.used_map(extra);
        let n = self.block_count;
        let start = self.tree.next_alloc.clamp(2, n - 1);
        for k in 0..n - 2 {
            let b = 2 + (start - 2 + k) % (n - 2);
            if !used.get(b as usize).copied().unwrap_or(true) {
                self.tree.next_alloc = if b + 1 >= n { 2 } else { b + 1 };
                self.flash.erase(b as usize * self.block_size)?;
                return Ok(b);
            }
        }
        Err(FsError::NoSpace)
    }

    /// Makes `tree` the committed state: writes it to fresh blocks, then appends the record.
    /// On any failure the committed state is unchanged.
    fn commit(&mut self, mut tree: Tree) -> FsResult<()> {
        tree.next_alloc = self.tree.next_alloc;
        let mut data = tree.serialize();
        let nblocks = data.len().div_ceil(self.block_size).max(1);
        if nblocks > MAX_META_BLOCKS {
            return Err(FsError::NoSpace);
        }
        let mut blocks = Vec::new();
        for _ in 0..nblocks {
            let b = self.alloc_block(&blocks)?;
            blocks.push(b);
        }
        // The cursor moved while allocating; store where it ended.
        let ser_alloc = self.tree.next_alloc;
        tree.next_alloc = ser_alloc;
        data = tree.serialize();
        for (chunk, b) in data.chunks(self.block_size).zip(&blocks) {
            self.flash.write(*b as usize * self.block_size, chunk)?;
        }
        let record = Record {
            seq: self.seq.wrapping_add(1),
            len: data.len() as u32,
            crc: meta::crc32(&data),
            blocks: blocks.clone(),
        };
        let slots = self.block_size / SLOT_SIZE;
        let (mut sector, mut slot) = self.next_slot;
        if slot >= slots {
            // This sector is full: start over in the other one, which holds only older
            // records (the live one is here).
            sector = 1 - sector;
            slot = 0;
            self.flash.erase(sector as usize * self.block_size)?;
        }
        let at = sector as usize * self.block_size + slot * SLOT_SIZE;
        self.next_slot = (sector, slot + 1);
        self.flash.write(at, &record.encode())?;
        self.seq = record.seq;
        self.meta_blocks = blocks;
        self.tree = tree;
        Ok(())
    }

    // ----- paths -----

    /// The absolute components of `path` (relative to the current directory).
    pub fn components(&self, path: &str) -> FsResult<Vec<String>> {
        let mut parts: Vec<String> = Vec::new();
        if !path.starts_with('/') {
            parts.extend(
                self.cwd
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            );
        }
        for p in path.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                _ => {
                    if p.len() > 255 {
                        return Err(FsError::Invalid);
                    }
                    parts.push(String::from(p));
                }
            }
        }
        Ok(parts)
    }

    fn lookup_parts(&self, parts: &[String]) -> FsResult<u32> {
        let mut ino = ROOT;
        for p in parts {
            if !self.tree.is_dir(ino) {
                return Err(FsError::NotDir);
            }
            ino = self.tree.child(ino, p).ok_or(FsError::NotFound)?.ino;
        }
        Ok(ino)
    }

    /// The inode at `path`.
    pub fn lookup(&self, path: &str) -> FsResult<u32> {
        self.lookup_parts(&self.components(path)?)
    }

    /// The parent directory's inode and the last name of `path`.
    fn parent_of(&self, path: &str) -> FsResult<(u32, String)> {
        let mut parts = self.components(path)?;
        let name = parts.pop().ok_or(FsError::Invalid)?;
        let parent = self.lookup_parts(&parts)?;
        if !self.tree.is_dir(parent) {
            return Err(FsError::NotDir);
        }
        Ok((parent, name))
    }

    // ----- namespace operations -----

    pub fn stat(&self, path: &str) -> FsResult<Entry> {
        let ino = self.lookup(path)?;
        Ok(self.entry(ino))
    }

    fn entry(&self, ino: u32) -> Entry {
        match self.tree.node(ino) {
            Some(n) => Entry {
                name: n.name.clone(),
                dir: n.dir,
                ino,
                size: if n.dir { 0 } else { n.size },
            },
            None => Entry {
                name: String::new(),
                dir: true,
                ino: ROOT,
                size: 0,
            },
        }
    }

    pub fn listdir(&self, path: &str) -> FsResult<Vec<Entry>> {
        let ino = self.lookup(path)?;
        if !self.tree.is_dir(ino) {
            return Err(FsError::NotDir);
        }
        let ids: Vec<u32> = self.tree.children(ino).map(|n| n.ino).collect();
        Ok(ids.into_iter().map(|i| self.entry(i)).collect())
    }

    fn create(&mut self, path: &str, dir: bool) -> FsResult<u32> {
        let (parent, name) = self.parent_of(path)?;
        if self.tree.child(parent, &name).is_some() {
            return Err(FsError::Exists);
        }
        let mut t = self.tree.clone();
        let ino = t.next_ino;
        t.next_ino = ino.wrapping_add(1);
        t.nodes.push(Node {
            ino,
            parent,
            dir,
            name,
            size: 0,
            blocks: Vec::new(),
        });
        self.commit(t)?;
        Ok(ino)
    }

    pub fn mkdir(&mut self, path: &str) -> FsResult<()> {
        self.create(path, true).map(|_| ())
    }

    fn delete(&mut self, path: &str, dir: bool) -> FsResult<()> {
        let ino = self.lookup(path)?;
        if ino == ROOT {
            return Err(if dir {
                FsError::Invalid
            } else {
                FsError::IsDir
            });
        }
        let is_dir = self.tree.is_dir(ino);
        if dir && !is_dir {
            return Err(FsError::NotDir);
        }
        if !dir && is_dir {
            return Err(FsError::IsDir);
        }
        if self.tree.children(ino).next().is_some() {
            return Err(FsError::NotEmpty);
        }
        let mut t = self.tree.clone();
        t.nodes.retain(|n| n.ino != ino);
        self.commit(t)
    }

    pub fn remove(&mut self, path: &str) -> FsResult<()> {
        self.delete(path, false)
    }

    pub fn rmdir(&mut self, path: &str) -> FsResult<()> {
        self.delete(path, true)
    }

    /// Renames `from` to `to`, replacing a file at `to` (as POSIX and LittleFS do).
    pub fn rename(&mut self, from: &str, to: &str) -> FsResult<()> {
        let ino = self.lookup(from)?;
        if ino == ROOT {
            return Err(FsError::Invalid);
        }
        let (parent, name) = self.parent_of(to)?;
        // A directory can't move into itself.
        let mut p = parent;
        while p != ROOT {
            if p == ino {
                return Err(FsError::Invalid);
            }
            p = self.tree.node(p).map_or(ROOT, |n| n.parent);
        }
        let mut t = self.tree.clone();
        if let Some(old) = self.tree.child(parent, &name) {
            if old.ino == ino {
                return Ok(());
            }
            if old.dir != self.tree.is_dir(ino) {
                return Err(if old.dir {
                    FsError::IsDir
                } else {
                    FsError::NotDir
                });
            }
            if old.dir && self.tree.children(old.ino).next().is_some() {
                return Err(FsError::NotEmpty);
            }
            let gone = old.ino;
            t.nodes.retain(|n| n.ino != gone);
        }
        if let Some(n) = t.node_mut(ino) {
            n.parent = parent;
            n.name = name;
        }
        self.commit(t)
    }

    /// Changes the current directory.
    pub fn chdir(&mut self, path: &str) -> FsResult<()> {
        let parts = self.components(path)?;
        let ino = self.lookup_parts(&parts)?;
        if !self.tree.is_dir(ino) {
            return Err(FsError::NotDir);
        }
        self.cwd = parts.iter().fold(String::new(), |mut s, p| {
            s.push('/');
            s.push_str(p);
            s
        });
        Ok(())
    }

    /// `(block size, total blocks, free blocks)`.
    pub fn statvfs(&self) -> (usize, u32, u32) {
        let free = self.used_map(&[]).iter().filter(|u| !**u).count() as u32;
        (self.block_size, self.block_count, free)
    }

    /// Commits every open file's data (`os.sync`).
    pub fn sync(&mut self) -> FsResult<()> {
        for h in 0..self.handles.len() {
            if self.handles.get(h).is_some_and(Option::is_some) {
                self.flush(h)?;
            }
        }
        Ok(())
    }
}
