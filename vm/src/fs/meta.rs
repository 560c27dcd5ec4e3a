//! The file system's metadata: the tree of directories and files (each file a list of data
//! blocks) as it is serialized into metadata blocks, and the commit records that point to it.
//!
//! A commit record lives in one 256-byte slot of the two superblock sectors (blocks 0 and 1):
//! magic, sequence number, length and CRC-32 of the serialized tree, and the blocks holding it,
//! closed by a CRC-32 of the record itself. Records are appended to erased slots, so a commit
//! never touches the live record; a record cut short fails its CRC and is ignored.

use alloc::string::String;
use alloc::vec::Vec;

use crate::modules::binascii::crc32_update;

/// The root directory's inode.
pub const ROOT: u32 = 1;
pub const SLOT_SIZE: usize = 256;
const MAGIC: u32 = 0x5346_5345; // "ESFS"
/// Header words before the block list: magic, seq, length, crc, count.
const HEADER: usize = 20;
/// Most metadata blocks one record can name (the rest of the slot, less the closing CRC).
pub const MAX_META_BLOCKS: usize = (SLOT_SIZE - HEADER - 4) / 4;

pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// A directory or a file. The root is implicit (inode `ROOT`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub ino: u32,
    pub parent: u32,
    pub dir: bool,
    pub name: String,
    pub size: u32,
    pub blocks: Vec<u32>,
}

/// The committed namespace, plus the counters that must survive a remount.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub next_ino: u32,
    /// Where the next block allocation starts looking (round-robin, for wear spread).
    pub next_alloc: u32,
}

fn put(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Reads little-endian words and bytes from a buffer, `None` past its end.
struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.data.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u8(&mut self) -> Option<u8> {
        Some(*self.bytes(1)?.first()?)
    }
}

impl Tree {
    pub fn new() -> Tree {
        Tree {
            nodes: Vec::new(),
            next_ino: ROOT + 1,
            next_alloc: 2,
        }
    }

    pub fn serialize(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put(&mut out, self.next_ino);
        put(&mut out, self.next_alloc);
        put(&mut out, self.nodes.len() as u32);
        for n in &self.nodes {
            put(&mut out, n.ino);
            put(&mut out, n.parent);
            out.push(n.dir as u8);
            let name = n.name.as_bytes();
            out.push(name.len().min(255) as u8);
            out.extend_from_slice(name.get(..name.len().min(255)).unwrap_or(name));
            put(&mut out, n.size);
            put(&mut out, n.blocks.len() as u32);
            for b in &n.blocks {
                put(&mut out, *b);
            }
        }
        out
    }

    /// Parses a serialized tree; `None` when it is malformed or names a block outside
    /// `2..block_count`.
    pub fn parse(data: &[u8], block_count: u32) -> Option<Tree> {
        let mut r = Reader { data, at: 0 };
        let next_ino = r.u32()?;
        let next_alloc = r.u32()?;
        let count = r.u32()?;
        let mut nodes = Vec::new();
        for _ in 0..count {
            let ino = r.u32()?;
            let parent = r.u32()?;
            let dir = r.u8()? != 0;
            let len = r.u8()? as usize;
            let name = String::from(core::str::from_utf8(r.bytes(len)?).ok()?);
            let size = r.u32()?;
            let nblocks = r.u32()? as usize;
            if nblocks > data.len() / 4 {
                return None;
            }
            let mut blocks = Vec::with_capacity(nblocks);
            for _ in 0..nblocks {
                let b = r.u32()?;
                if b < 2 || b >= block_count {
                    return None;
                }
                blocks.push(b);
            }
            nodes.push(Node {
                ino,
                parent,
                dir,
                name,
                size,
                blocks,
            });
        }
        Some(Tree {
            nodes,
            next_ino,
            next_alloc,
        })
    }

    pub fn node(&self, ino: u32) -> Option<&Node> {
        self.nodes.iter().find(|n| n.ino == ino)
    }

    pub fn node_mut(&mut self, ino: u32) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|n| n.ino == ino)
    }

    pub fn child(&self, parent: u32, name: &str) -> Option<&Node> {
        self.nodes
            .iter()
            .find(|n| n.parent == parent && n.name == name)
    }

    pub fn children(&self, parent: u32) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(move |n| n.parent == parent)
    }

    pub fn is_dir(&self, ino: u32) -> bool {
        ino == ROOT || self.node(ino).is_some_and(|n| n.dir)
    }
}

/// A commit record: which blocks hold the tree, and its length and CRC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub seq: u32,
    pub len: u32,
    pub crc: u32,
    pub blocks: Vec<u32>,
}

impl Record {
    pub fn encode(&self) -> [u8; SLOT_SIZE] {
        let mut out = Vec::with_capacity(SLOT_SIZE);
        put(&mut out, MAGIC);
        put(&mut out, self.seq);
        put(&mut out, self.len);
        put(&mut out, self.crc);
        put(&mut out, self.blocks.len() as u32);
        for b in self.blocks.iter().take(MAX_META_BLOCKS) {
            put(&mut out, *b);
        }
        out.resize(SLOT_SIZE - 4, 0);
        let crc = crc32(&out);
        put(&mut out, crc);
        let mut slot = [0u8; SLOT_SIZE];
        slot.copy_from_slice(&out);
        slot
    }

    /// Decodes a slot; `None` for an erased, torn or foreign one.
    pub fn decode(slot: &[u8]) -> Option<Record> {
        let body = slot.get(..SLOT_SIZE - 4)?;
        let mut r = Reader { data: slot, at: 0 };
        if r.u32()? != MAGIC {
            return None;
        }
        let seq = r.u32()?;
        let len = r.u32()?;
        let crc = r.u32()?;
        let n = r.u32()? as usize;
        if n > MAX_META_BLOCKS {
            return None;
        }
        let blocks = (0..n).map(|_| r.u32()).collect::<Option<Vec<u32>>>()?;
        let mut tail = Reader {
            data: slot,
            at: SLOT_SIZE - 4,
        };
        if tail.u32()? != crc32(body) {
            return None;
        }
        Some(Record {
            seq,
            len,
            crc,
            blocks,
        })
    }
}

pub fn is_erased(slot: &[u8]) -> bool {
    slot.iter().all(|b| *b == 0xFF)
}
