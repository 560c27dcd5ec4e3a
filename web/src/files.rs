//! The files panel's operations on the board's file system: the same file system, through the
//! same VM, that `os` and `open()` use, so the panel and the program always agree.

use vm::fs::{FileSystem, FsError, OpenMode};

/// One file or directory, with its absolute path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileInfo {
    pub path: String,
    pub dir: bool,
    pub size: u32,
}

/// A file-system error as the board would print it.
pub fn describe(e: FsError) -> String {
    let name = match e {
        FsError::NotFound => "ENOENT (no such file or directory)",
        FsError::Exists => "EEXIST (the file exists)",
        FsError::NotDir => "ENOTDIR (not a directory)",
        FsError::IsDir => "EISDIR (is a directory)",
        FsError::NotEmpty => "ENOTEMPTY (the directory is not empty)",
        FsError::NoSpace => "ENOSPC (the flash is full)",
        FsError::Invalid => "EINVAL (invalid name or argument)",
        FsError::BadFile => "EBADF (bad file)",
        FsError::Io => "EIO (flash error)",
        FsError::NoMemory => "ENOMEM (out of memory)",
    };
    format!("[Errno {}] {name}", e.errno())
}

/// Every file and directory under `/`, depth first, parents before children.
pub fn list_all(fs: &FileSystem) -> Result<Vec<FileInfo>, FsError> {
    let mut out = Vec::new();
    let mut pending = vec![String::new()];
    while let Some(dir) = pending.pop() {
        let mut entries = fs.listdir(if dir.is_empty() { "/" } else { &dir })?;
        entries.sort_by(|a, b| b.name.cmp(&a.name));
        for e in entries {
            let path = format!("{dir}/{}", e.name);
            if e.dir {
                pending.push(path.clone());
            }
            out.push(FileInfo {
                path,
                dir: e.dir,
                size: e.size,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The whole contents of a file.
pub fn read(fs: &mut FileSystem, path: &str) -> Result<Vec<u8>, FsError> {
    let h = fs.open(path, OpenMode::READ)?;
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let r = loop {
        match fs.read(h, &mut buf) {
            Ok(0) => break Ok(out),
            Ok(n) => out.extend_from_slice(buf.get(..n).unwrap_or(&[])),
            Err(e) => break Err(e),
        }
    };
    let _ = fs.close(h);
    r
}

/// Creates or replaces a file, creating its missing parent directories first.
pub fn write(fs: &mut FileSystem, path: &str, data: &[u8]) -> Result<(), FsError> {
    make_parents(fs, path)?;
    let mode = OpenMode {
        write: true,
        truncate: true,
        create: true,
        ..OpenMode::READ
    };
    let h = fs.open(path, mode)?;
    let mut rest = data;
    while !rest.is_empty() {
        match fs.write(h, rest) {
            // A write that takes nothing would loop for ever: the flash is full.
            Ok(0) => {
                let _ = fs.close(h);
                return Err(FsError::NoSpace);
            }
            Ok(n) => rest = rest.get(n..).unwrap_or(&[]),
            Err(e) => {
                let _ = fs.close(h);
                return Err(e);
            }
        }
    }
    fs.close(h)
}

/// Creates each missing directory on the way to `path`.
fn make_parents(fs: &mut FileSystem, path: &str) -> Result<(), FsError> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let mut dir = String::new();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        dir.push('/');
        dir.push_str(part);
        match fs.stat(&dir) {
            Ok(e) if e.dir => {}
            Ok(_) => return Err(FsError::NotDir),
            Err(FsError::NotFound) => fs.mkdir(&dir)?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Removes a file, or a directory with everything in it.
pub fn remove(fs: &mut FileSystem, path: &str) -> Result<(), FsError> {
    if !fs.stat(path)?.dir {
        return fs.remove(path);
    }
    let inside: Vec<FileInfo> = list_all(fs)?
        .into_iter()
        .filter(|f| {
            f.path
                .starts_with(&format!("{}/", path.trim_end_matches('/')))
        })
        .collect();
    // Children before their parents.
    for f in inside.iter().rev() {
        if f.dir {
            fs.rmdir(&f.path)?;
        } else {
            fs.remove(&f.path)?;
        }
    }
    fs.rmdir(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vm::hal::RamFlash;

    fn fs() -> FileSystem {
        FileSystem::mount(Box::new(RamFlash::new(64 * 4096, 4096))).unwrap()
    }

    #[test]
    fn write_read_list_remove() {
        let mut fs = fs();
        write(&mut fs, "/main.py", b"print(1)\n").unwrap();
        write(&mut fs, "/lib/util/x.py", &[7u8; 10_000]).unwrap();
        assert_eq!(read(&mut fs, "/main.py").unwrap(), b"print(1)\n");
        assert_eq!(read(&mut fs, "/lib/util/x.py").unwrap(), vec![7u8; 10_000]);
        let paths: Vec<String> = list_all(&fs).unwrap().into_iter().map(|f| f.path).collect();
        assert_eq!(
            paths,
            ["/lib", "/lib/util", "/lib/util/x.py", "/main.py"].map(String::from)
        );
        remove(&mut fs, "/lib").unwrap();
        assert_eq!(list_all(&fs).unwrap().len(), 1);
        assert_eq!(read(&mut fs, "/nope"), Err(FsError::NotFound));
        assert_eq!(
            describe(FsError::NotFound),
            "[Errno 2] ENOENT (no such file or directory)"
        );
    }

    #[test]
    fn a_file_cannot_be_a_parent() {
        let mut fs = fs();
        write(&mut fs, "/a", b"x").unwrap();
        assert_eq!(write(&mut fs, "/a/b", b"y"), Err(FsError::NotDir));
    }

    #[test]
    fn a_full_flash_is_an_error_not_a_hang() {
        let mut fs = FileSystem::mount(Box::new(RamFlash::new(8 * 4096, 4096))).unwrap();
        assert_eq!(
            write(&mut fs, "/big", &vec![1u8; 64 * 4096]),
            Err(FsError::NoSpace)
        );
    }
}
