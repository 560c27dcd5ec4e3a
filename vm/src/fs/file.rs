//! Open files. A handle keeps the file's block list as it will be committed, one block of data
//! cached in RAM, and its position. Changed data goes to freshly allocated blocks (copy on
//! write), and the file's new block list is committed on flush/close, so a file being
//! written shows its old contents until then.

use alloc::vec::Vec;

use super::meta::ROOT;
use super::{FileSystem, FsError, FsResult};

/// How `open` treats the file (from the mode string's r/w/a/x and '+').
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenMode {
    pub read: bool,
    pub write: bool,
    /// Writes go to the end.
    pub append: bool,
    /// Start empty ('w').
    pub truncate: bool,
    /// Create when missing ('w', 'a', 'x').
    pub create: bool,
    /// Fail when it exists ('x').
    pub exclusive: bool,
}

impl OpenMode {
    /// Read only, as `open(path)`.
    pub const READ: OpenMode = OpenMode {
        read: true,
        write: false,
        append: false,
        truncate: false,
        create: false,
        exclusive: false,
    };
}

struct Cache {
    index: usize,
    data: Vec<u8>,
    dirty: bool,
}

pub struct Handle {
    ino: u32,
    mode: OpenMode,
    /// The file's blocks as they will be committed.
    pub(super) blocks: Vec<u32>,
    size: u32,
    pos: u32,
    cache: Option<Cache>,
    /// Something changed since the last commit.
    changed: bool,
}

impl FileSystem {
    /// Opens a file and returns its handle number.
    pub fn open(&mut self, path: &str, mode: OpenMode) -> FsResult<usize> {
        let ino = match self.lookup(path) {
            Ok(ino) => {
                if mode.exclusive {
                    return Err(FsError::Exists);
                }
                ino
            }
            Err(FsError::NotFound) if mode.create => self.create(path, false)?,
            Err(e) => return Err(e),
        };
        if ino == ROOT || self.tree.is_dir(ino) {
            return Err(FsError::IsDir);
        }
        let (blocks, size) = match self.tree.node(ino) {
            Some(n) if !mode.truncate => (n.blocks.clone(), n.size),
            _ => (Vec::new(), 0),
        };
        // Truncating a non-empty file is a change to commit even if nothing is written.
        let truncated = mode.truncate && self.tree.node(ino).is_some_and(|n| n.size > 0);
        let h = Handle {
            ino,
            mode,
            blocks,
            size,
            pos: if mode.append { size } else { 0 },
            cache: None,
            changed: truncated,
        };
        match self.handles.iter().position(Option::is_none) {
            Some(i) => {
                if let Some(slot) = self.handles.get_mut(i) {
                    *slot = Some(h);
                }
                Ok(i)
            }
            None => {
                self.handles.push(Some(h));
                Ok(self.handles.len() - 1)
            }
        }
    }

    fn handle(&mut self, h: usize) -> FsResult<&mut Handle> {
        self.handles
            .get_mut(h)
            .and_then(Option::as_mut)
            .ok_or(FsError::BadFile)
    }

    /// Writes a dirty cached block to a fresh block.
    fn write_back(&mut self, h: usize) -> FsResult<()> {
        let dirty = self.handle(h)?.cache.as_ref().is_some_and(|c| c.dirty);
        if !dirty {
            return Ok(());
        }
        let b = self.alloc_block(&[])?;
        let bs = self.block_size;
        let handle = self.handle(h)?;
        let Some(cache) = handle.cache.as_mut() else {
            return Ok(());
        };
        let index = cache.index;
        let data = core::mem::take(&mut cache.data);
        let r = self.flash.write(b as usize * bs, &data);
        let handle = self.handle(h)?;
        if let Some(cache) = handle.cache.as_mut() {
            cache.data = data;
        }
        r?;
        if let Some(cache) = handle.cache.as_mut() {
            cache.dirty = false;
        }
        if index < handle.blocks.len() {
            if let Some(slot) = handle.blocks.get_mut(index) {
                *slot = b;
            }
        } else {
            handle.blocks.push(b);
        }
        Ok(())
    }

    /// Makes block `index` of the file the cached one.
    fn load_block(&mut self, h: usize, index: usize) -> FsResult<()> {
        if self
            .handle(h)?
            .cache
            .as_ref()
            .is_some_and(|c| c.index == index)
        {
            return Ok(());
        }
        self.write_back(h)?;
        let bs = self.block_size;
        let handle = self.handle(h)?;
        let mut data = match handle.cache.take() {
            Some(c) => c.data,
            None => {
                let mut v = Vec::new();
                v.try_reserve_exact(bs).map_err(|_| FsError::NoMemory)?;
                v
            }
        };
        data.clear();
        data.resize(bs, 0);
        let block = handle.blocks.get(index).copied();
        if let Some(b) = block {
            self.flash.read(b as usize * bs, &mut data)?;
        }
        self.handle(h)?.cache = Some(Cache {
            index,
            data,
            dirty: false,
        });
        Ok(())
    }

    /// Reads up to `buf.len()` bytes at the position; 0 at the end of the file.
    pub fn read(&mut self, h: usize, buf: &mut [u8]) -> FsResult<usize> {
        let handle = self.handle(h)?;
        if !handle.mode.read {
            return Err(FsError::BadFile);
        }
        let bs = self.block_size;
        let mut done = 0;
        loop {
            let handle = self.handle(h)?;
            let (pos, size) = (handle.pos as usize, handle.size as usize);
            if done == buf.len() || pos >= size {
                break;
            }
            self.load_block(h, pos / bs)?;
            let handle = self.handle(h)?;
            let Some(cache) = handle.cache.as_ref() else {
                break;
            };
            let off = pos % bs;
            let n = (bs - off).min(size - pos).min(buf.len() - done);
            let (Some(dst), Some(src)) =
                (buf.get_mut(done..done + n), cache.data.get(off..off + n))
            else {
                break;
            };
            dst.copy_from_slice(src);
            done += n;
            handle.pos += n as u32;
        }
        Ok(done)
    }

    /// Writes all of `data` at the position (at the end in append mode).
    pub fn write(&mut self, h: usize, data: &[u8]) -> FsResult<usize> {
        let bs = self.block_size;
        let handle = self.handle(h)?;
        if !handle.mode.write {
            return Err(FsError::BadFile);
        }
        if handle.mode.append {
            handle.pos = handle.size;
        }
        if (handle.pos as usize).saturating_add(data.len()) > u32::MAX as usize {
            return Err(FsError::NoSpace);
        }
        handle.changed = true;
        // Seeking past the end and writing fills the gap with zeros, block by block.
        loop {
            let handle = self.handle(h)?;
            let first_missing = handle.blocks.len();
            if first_missing >= handle.pos as usize / bs {
                break;
            }
            self.load_block(h, first_missing)?;
            if let Some(c) = self.handle(h)?.cache.as_mut() {
                c.dirty = true;
            }
            self.write_back(h)?;
        }
        let mut done = 0;
        while done < data.len() {
            let pos = self.handle(h)?.pos as usize;
            self.load_block(h, pos / bs)?;
            let handle = self.handle(h)?;
            let Some(cache) = handle.cache.as_mut() else {
                break;
            };
            let off = pos % bs;
            let n = (bs - off).min(data.len() - done);
            let (Some(dst), Some(src)) =
                (cache.data.get_mut(off..off + n), data.get(done..done + n))
            else {
                break;
            };
            dst.copy_from_slice(src);
            cache.dirty = true;
            done += n;
            handle.pos += n as u32;
            handle.size = handle.size.max(handle.pos);
        }
        Ok(done)
    }

    /// Moves the position: `whence` 0 from the start, 1 from here, 2 from the end.
    pub fn seek(&mut self, h: usize, offset: i64, whence: u32) -> FsResult<u32> {
        let handle = self.handle(h)?;
        let base = match whence {
            0 => 0,
            1 => i64::from(handle.pos),
            2 => i64::from(handle.size),
            _ => return Err(FsError::Invalid),
        };
        let pos = base.checked_add(offset).ok_or(FsError::Invalid)?;
        if pos < 0 {
            return Err(FsError::Invalid);
        }
        handle.pos = u32::try_from(pos).map_err(|_| FsError::Invalid)?;
        Ok(handle.pos)
    }

    pub fn tell(&mut self, h: usize) -> FsResult<u32> {
        Ok(self.handle(h)?.pos)
    }

    pub fn size(&mut self, h: usize) -> FsResult<u32> {
        Ok(self.handle(h)?.size)
    }

    /// Commits the file's data: after this a power cut keeps what was written.
    pub fn flush(&mut self, h: usize) -> FsResult<()> {
        self.write_back(h)?;
        let handle = self.handle(h)?;
        if !handle.changed {
            return Ok(());
        }
        let (ino, blocks, size) = (handle.ino, handle.blocks.clone(), handle.size);
        let mut t = self.tree.clone();
        // A file removed while open has nowhere to go.
        let Some(n) = t.node_mut(ino) else {
            return Ok(());
        };
        n.blocks = blocks;
        n.size = size;
        self.commit(t)?;
        self.handle(h)?.changed = false;
        Ok(())
    }

    /// Commits and forgets the handle; it is gone even when the commit failed.
    pub fn close(&mut self, h: usize) -> FsResult<()> {
        let r = self.flush(h);
        if let Some(slot) = self.handles.get_mut(h) {
            *slot = None;
        }
        r
    }
}
