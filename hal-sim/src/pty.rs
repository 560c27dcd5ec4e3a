//! `esprit serve --pty`: the simulated board with its console on a new pseudo-terminal, so real
//! clients (mpremote, Thonny, picocom) connect to it as to a board's USB serial port. The path of
//! the pty's terminal end is the first line on stdout.

use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::session::{self, Device, Input, Options};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};

/// How long output may wait for a client to read before it is dropped, as a UART sends into the
/// void when nothing listens.
const WRITE_PATIENCE: Duration = Duration::from_secs(2);

/// A pty pair: the side the board drives, and the terminal side we keep open so the pty
/// outlives clients that come and go.
struct Pty {
    master: OwnedFd,
    _terminal: OwnedFd,
    path: String,
}

fn open_pty() -> rustix::io::Result<Pty> {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?;
    grantpt(&master)?;
    unlockpt(&master)?;
    let name = ptsname(&master, Vec::new())?;
    let terminal = rustix::fs::open(
        name.as_c_str(),
        OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    // A serial line passes bytes untouched: no echo, no CR/LF mapping, no signals.
    let mut termios = tcgetattr(&terminal)?;
    termios.make_raw();
    tcsetattr(&terminal, OptionalActions::Now, &termios)?;
    // Non-blocking, so a client that stops reading can't freeze the board (see `write_all`).
    rustix::io::ioctl_fionbio(&master, true)?;
    Ok(Pty {
        master,
        _terminal: terminal,
        path: name.to_string_lossy().into_owned(),
    })
}

fn wait_for(fd: &OwnedFd, flags: PollFlags, timeout: Option<Duration>) -> bool {
    let timespec = timeout.map(|t| Timespec {
        tv_sec: i64::try_from(t.as_secs()).unwrap_or(i64::MAX),
        tv_nsec: i64::from(t.subsec_nanos()),
    });
    let mut fds = [PollFd::new(fd, flags)];
    matches!(poll(&mut fds, timespec.as_ref()), Ok(n) if n > 0)
}

/// Writes everything unless the client stops reading for [`WRITE_PATIENCE`].
fn write_all(fd: &OwnedFd, mut bytes: &[u8]) {
    let deadline = Instant::now() + WRITE_PATIENCE;
    while !bytes.is_empty() {
        match rustix::io::write(fd.as_fd(), bytes) {
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(Errno::AGAIN) | Err(Errno::INTR) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() || !wait_for(fd, PollFlags::OUT, Some(left)) {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}

/// Serves the board on a new pty until killed. A pty has no DTR/RTS lines, so the board
/// stays in the mode it powered on in (`--boot-mode`).
pub fn serve(device: &mut dyn Device) -> u8 {
    let pty = match open_pty() {
        Ok(pty) => pty,
        Err(e) => {
            eprintln!("esprit: cannot open a pseudo-terminal: {e}");
            return 1;
        }
    };
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", pty.path);
    let _ = stdout.flush();

    let reader = match pty.master.try_clone() {
        Ok(fd) => fd,
        Err(e) => {
            eprintln!("esprit: cannot share the pseudo-terminal: {e}");
            return 1;
        }
    };
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match rustix::io::read(reader.as_fd(), &mut buf) {
                Ok(n) if n > 0 => {
                    let bytes = buf.get(..n).unwrap_or_default().to_vec();
                    if send.send(Input::Bytes(bytes)).is_err() {
                        return;
                    }
                }
                // Nothing to read yet, or no client: wait (EIO comes when no terminal side is
                // open, which our own kept one prevents, but a short pause costs nothing).
                Ok(_) | Err(Errno::AGAIN) | Err(Errno::INTR) => {
                    wait_for(&reader, PollFlags::IN, Some(Duration::from_millis(100)));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    });
    let options = Options { quit_byte: None };
    session::run(
        device,
        &receive,
        &mut |bytes| write_all(&pty.master, bytes),
        &options,
    );
    0
}
