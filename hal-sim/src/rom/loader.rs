//! The serial download mode: the ROM loader's command set, and once a flasher stub has been
//! uploaded and started, the stub's (esptool docs serial-protocol.rst; the stub's behaviour from
//! esptool's loader.py, which is what it must satisfy). The virtual chip does not execute the
//! uploaded stub: MEM_END jumping into uploaded code switches this engine to stub behaviour.
//!
//! Bytes in, SLIP frames out; the flash is the board's whole SPI flash.

use md5::{Digest, Md5};
use vm::hal::Flash;

use super::flash_write::{FlashWrite, WriteKind};
use super::packet::{Failure, Request, RequestError, STUB_INVALID_COMMAND, checksum, op, response};
use super::regs::Registers;
use super::slip::{self, Decoded};
use super::target::Target;

/// The value the ROM puts in its SYNC replies (`07 07 12 20`).
const SYNC_VALUE: u32 = 0x2012_0707;
/// ROM replies to SYNC this many times (esptool's `sync` reads 8).
const SYNC_REPLIES: usize = 8;
const SECTOR: u32 = 0x1000;
/// The ROM's READ_FLASH_SLOW always answers with this many bytes.
const SLOW_READ_BLOCK: usize = 64;

/// What the loader asks the chip to do after a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// Reset the chip (FLASH_END/FLASH_DEFL_END with 0), keeping the latched boot mode.
    Reboot,
    /// Leave the loader and boot the app in flash (FLASH_END with 1, RUN_USER_CODE).
    RunApp,
    /// The UART now runs at this many baud (CHANGE_BAUDRATE, after the reply went out).
    Baud(u32),
    /// MEM_END jumped somewhere with no uploaded code: the CPU is lost until a reset.
    Crashed,
    /// The RTC watchdog was enabled (esptool's `--after watchdog-reset` on the C3).
    WatchdogArmed,
}

/// RAM being written by MEM_BEGIN/MEM_DATA.
struct MemWrite {
    addr: u32,
    size: u32,
    written: u32,
}

/// A stub READ_FLASH in progress: packets go out as the host acknowledges them.
struct ReadFlash {
    offset: u32,
    length: u32,
    packet: u32,
    max_in_flight: u32,
    sent: u32,
    acked: u32,
    md5: Md5,
}

/// The download-mode protocol engine of one chip.
pub struct Loader {
    target: Target,
    stub: bool,
    decoder: slip::Decoder,
    regs: Registers,
    baud: u32,
    flash_write: Option<FlashWrite>,
    mem_write: Option<MemWrite>,
    /// RAM segments uploaded with MEM_DATA: (address, bytes).
    ram: Vec<(u32, Vec<u8>)>,
    read_flash: Option<ReadFlash>,
    out: Vec<u8>,
    events: Vec<Event>,
    /// Frames dropped as malformed, for tests and the log.
    pub bad_frames: usize,
}

impl Loader {
    /// The ROM loader just after a reset into download mode.
    pub fn new(target: Target, mac: [u8; 6], flash_bytes: usize, baud: u32) -> Loader {
        Loader {
            target,
            stub: false,
            decoder: slip::Decoder::new(),
            regs: Registers::new(target, mac, flash_bytes),
            baud,
            flash_write: None,
            mem_write: None,
            ram: Vec::new(),
            read_flash: None,
            out: Vec::new(),
            events: Vec::new(),
            bad_frames: 0,
        }
    }

    /// Is the flasher stub running (rather than the ROM loader)?
    pub fn is_stub(&self) -> bool {
        self.stub
    }

    /// Bytes the host sent; replies collect in [`Loader::take_output`].
    pub fn feed(&mut self, bytes: &[u8], flash: &mut dyn Flash) {
        for &b in bytes {
            match self.decoder.push(b) {
                Some(Decoded::Frame(frame)) => self.frame(&frame, flash),
                Some(Decoded::Bad(_)) => self.bad_frames += 1,
                None => {}
            }
        }
    }

    /// The host purged its buffers: a half-received frame is gone.
    pub fn purge(&mut self) {
        self.decoder.clear();
    }

    pub fn take_output(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.out)
    }

    pub fn take_events(&mut self) -> Vec<Event> {
        core::mem::take(&mut self.events)
    }

    fn frame(&mut self, frame: &[u8], flash: &mut dyn Flash) {
        if self.read_flash.is_some() {
            self.read_flash_ack(frame, flash);
            return;
        }
        match Request::parse(frame) {
            Ok(request) => self.command(&request, flash),
            Err(RequestError::LengthMismatch { op }) => {
                self.bad_frames += 1;
                self.fail(op, Failure::InvalidMessage);
            }
            Err(RequestError::TooShort | RequestError::NotARequest) => self.bad_frames += 1,
        }
    }

    fn send(&mut self, body: &[u8]) {
        slip::encode(body, &mut self.out);
    }

    fn status_len(&self) -> usize {
        if self.stub { 2 } else { 4 }
    }

    /// A successful reply with `value` and `result` bytes before the status.
    fn ok(&mut self, op: u8, value: u32, result: &[u8]) {
        let status = [0u8; 4];
        let body = response(op, value, result, &status[..self.status_len()]);
        self.send(&body);
    }

    fn fail(&mut self, op: u8, failure: Failure) {
        let code = if self.stub {
            failure.stub_code()
        } else {
            failure.rom_code()
        };
        self.fail_code(op, code);
    }

    fn fail_code(&mut self, op: u8, code: u8) {
        let status = [1, code, 0, 0];
        let body = response(op, 0, &[], &status[..self.status_len()]);
        self.send(&body);
    }

    fn unsupported(&mut self, op: u8) {
        if self.stub {
            self.fail_code(op, STUB_INVALID_COMMAND);
        } else {
            self.fail(op, Failure::InvalidMessage);
        }
    }

    fn reply(&mut self, op: u8, result: Result<(), Failure>) {
        match result {
            Ok(()) => self.ok(op, 0, &[]),
            Err(f) => self.fail(op, f),
        }
    }

    fn command(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        match r.op {
            op::SYNC => self.sync(r),
            op::READ_REG => match r.word(0) {
                Some(addr) if r.data.len() == 4 => {
                    let value = self.regs.read(addr, self.baud);
                    self.ok(r.op, value, &[]);
                }
                _ => self.fail(r.op, Failure::InvalidMessage),
            },
            op::WRITE_REG => self.write_reg(r),
            op::SPI_SET_PARAMS => {
                let ok = r.data.len() == 24;
                self.reply(r.op, ok.then_some(()).ok_or(Failure::InvalidMessage));
            }
            op::SPI_ATTACH => {
                let ok = r.data.len() == if self.stub { 4 } else { 8 };
                self.reply(r.op, ok.then_some(()).ok_or(Failure::InvalidMessage));
            }
            op::CHANGE_BAUDRATE => match r.word(0) {
                Some(baud) if baud > 0 && r.data.len() == 8 => {
                    // The reply goes out at the old rate, then the UART switches.
                    self.ok(r.op, 0, &[]);
                    self.baud = baud;
                    self.events.push(Event::Baud(baud));
                }
                _ => self.fail(r.op, Failure::InvalidMessage),
            },
            op::FLASH_BEGIN | op::FLASH_DEFL_BEGIN => self.flash_begin(r, flash),
            op::FLASH_DATA | op::FLASH_DEFL_DATA => self.flash_data(r, flash),
            op::FLASH_END | op::FLASH_DEFL_END => self.flash_end(r),
            op::MEM_BEGIN => self.mem_begin(r),
            op::MEM_DATA => self.mem_data(r),
            op::MEM_END => self.mem_end(r),
            op::SPI_FLASH_MD5 => self.md5(r, flash),
            op::GET_SECURITY_INFO if self.target.has_security_info() => {
                let mut info = [0u8; 20];
                // flags 0 (no secure boot or download), crypt count 0, key purposes 0.
                info[12..16].copy_from_slice(&u32::from(self.target.image_chip_id()).to_le_bytes());
                self.ok(r.op, 0, &info);
            }
            op::READ_FLASH_SLOW if !self.stub && self.target == Target::Esp32 => {
                self.read_flash_slow(r, flash)
            }
            op::ERASE_FLASH if self.stub => {
                let sectors = flash.capacity() / SECTOR as usize;
                let result = (0..sectors)
                    .try_for_each(|s| flash.erase(s * SECTOR as usize))
                    .map_err(|_| Failure::FlashOp);
                self.reply(r.op, result);
            }
            op::ERASE_REGION if self.stub => self.erase_region(r, flash),
            op::READ_FLASH if self.stub => self.read_flash_begin(r, flash),
            op::RUN_USER_CODE if self.stub => self.events.push(Event::RunApp),
            other => self.unsupported(other),
        }
    }

    fn sync(&mut self, r: &Request<'_>) {
        let mut expected = vec![0x07, 0x07, 0x12, 0x20];
        expected.extend([0x55; 32]);
        if r.data != expected {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        // The ROM answers with a non-zero value, the stub with 0: that is how esptool tells
        // that a stub is already running.
        let value = if self.stub { 0 } else { SYNC_VALUE };
        for _ in 0..SYNC_REPLIES {
            self.ok(r.op, value, &[]);
        }
    }

    fn write_reg(&mut self, r: &Request<'_>) {
        if r.data.is_empty() || !r.data.len().is_multiple_of(16) {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        for group in 0..r.data.len() / 16 {
            if let (Some(addr), Some(value), Some(mask)) = (
                r.word(group * 4),
                r.word(group * 4 + 1),
                r.word(group * 4 + 2),
            ) {
                self.regs.write(addr, value, mask);
            }
        }
        self.ok(r.op, 0, &[]);
        if self.regs.take_watchdog() {
            self.events.push(Event::WatchdogArmed);
        }
    }

    /// FLASH_BEGIN / FLASH_DEFL_BEGIN: size, blocks, block size, offset (+ encrypted flag on
    /// every ROM after the ESP32's, and on the stub).
    fn flash_begin(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let takes_flag = self.stub || self.target != Target::Esp32;
        let lengths_ok = r.data.len() == 16 || (takes_flag && r.data.len() == 20);
        let (Some(size), Some(blocks), Some(block_size), Some(offset)) =
            (r.word(0), r.word(1), r.word(2), r.word(3))
        else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        // No flash encryption on this chip: an encrypted write is refused.
        if !lengths_ok || r.word(4).is_some_and(|flag| flag != 0) || block_size == 0 {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        let kind = if r.op == op::FLASH_DEFL_BEGIN {
            WriteKind::Deflated
        } else {
            WriteKind::Plain
        };
        let result = FlashWrite::begin(kind, self.stub, size, blocks, block_size, offset, flash);
        match result {
            Ok(write) => {
                self.flash_write = Some(write);
                self.ok(r.op, 0, &[]);
            }
            Err(f) => {
                self.flash_write = None;
                self.fail(r.op, f);
            }
        }
    }

    fn flash_data(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let Some(len) = r.word(0) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        let payload = r.data.get(16..).unwrap_or_default();
        if len as usize != payload.len() {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        if u32::from(checksum(payload)) != r.checksum {
            self.fail(r.op, Failure::BadChecksum);
            return;
        }
        let deflated = r.op == op::FLASH_DEFL_DATA;
        let result = match self.flash_write.as_mut() {
            Some(write) if write.is_deflated() == deflated => write.data(payload, flash),
            _ => Err(Failure::NotInFlashMode),
        };
        self.reply(r.op, result);
    }

    fn flash_end(&mut self, r: &Request<'_>) {
        let Some(flag) = r.word(0) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        if self.stub {
            // The stub checks that everything announced was written.
            let result = match self.flash_write.take() {
                Some(write) => write.finish(),
                None => Err(Failure::NotInFlashMode),
            };
            if let Err(f) = result {
                self.fail(r.op, f);
                return;
            }
        } else {
            self.flash_write = None;
        }
        self.ok(r.op, 0, &[]);
        // 0 reboots (the stub's software reset lands back in the ROM loader, as the boot mode
        // stays latched); 1 makes the ROM leave for the app, while the stub stays (esptool
        // ends every stub write with FLASH_BEGIN(0, 0) + FLASH_END(1)).
        match (flag, self.stub) {
            (0, _) => self.events.push(Event::Reboot),
            (_, false) => self.events.push(Event::RunApp),
            (_, true) => {}
        }
    }

    fn mem_begin(&mut self, r: &Request<'_>) {
        match (r.word(0), r.word(3)) {
            (Some(size), Some(addr)) if r.data.len() == 16 => {
                self.mem_write = Some(MemWrite {
                    addr,
                    size,
                    written: 0,
                });
                self.ok(r.op, 0, &[]);
            }
            _ => self.fail(r.op, Failure::InvalidMessage),
        }
    }

    fn mem_data(&mut self, r: &Request<'_>) {
        let payload = r.data.get(16..).unwrap_or_default();
        if r.word(0) != Some(payload.len() as u32) {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        if u32::from(checksum(payload)) != r.checksum {
            self.fail(r.op, Failure::BadChecksum);
            return;
        }
        let Some(mem) = self.mem_write.as_mut() else {
            self.fail(r.op, Failure::NotInFlashMode);
            return;
        };
        let len = payload.len() as u32;
        if mem.written.saturating_add(len) > mem.size {
            self.fail(r.op, Failure::TooMuchData);
            return;
        }
        let addr = mem.addr.wrapping_add(mem.written);
        mem.written += len;
        self.ram.push((addr, payload.to_vec()));
        self.ok(r.op, 0, &[]);
    }

    /// MEM_END(flag, entry): flag 0 jumps to `entry`. Jumping into uploaded code starts the
    /// flasher stub (the only code a host uploads to a chip it flashes), which greets "OHAI".
    fn mem_end(&mut self, r: &Request<'_>) {
        let (Some(flag), Some(entry)) = (r.word(0), r.word(1)) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        self.mem_write = None;
        self.ok(r.op, 0, &[]);
        if flag != 0 {
            return;
        }
        let loaded = self.ram.iter().any(|(addr, bytes)| {
            entry >= *addr && u64::from(entry) < u64::from(*addr) + bytes.len() as u64
        });
        if loaded {
            self.stub = true;
            self.ram.clear();
            self.flash_write = None;
            self.send(b"OHAI");
        } else {
            self.events.push(Event::Crashed);
        }
    }

    /// SPI_FLASH_MD5(addr, size): the ROM answers 32 hex digits, the stub 16 raw bytes.
    fn md5(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let (Some(addr), Some(size)) = (r.word(0), r.word(1)) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        let mut md5 = Md5::new();
        let result = read_range(flash, addr, size, |chunk| md5.update(chunk));
        if let Err(f) = result {
            self.fail(r.op, f);
            return;
        }
        let digest = md5.finalize();
        if self.stub {
            self.ok(r.op, 0, &digest);
        } else {
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            self.ok(r.op, 0, hex.as_bytes());
        }
    }

    /// The ESP32 ROM's READ_FLASH_SLOW(offset, len ≤ 64): always 64 data bytes.
    fn read_flash_slow(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let (Some(offset), Some(len)) = (r.word(0), r.word(1)) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        if len as usize > SLOW_READ_BLOCK {
            self.fail_code(r.op, 0x0A);
            return;
        }
        let mut block = [0u8; SLOW_READ_BLOCK];
        let mut at = 0;
        let result = read_range(flash, offset, len, |chunk| {
            if let Some(dst) = block.get_mut(at..at + chunk.len()) {
                dst.copy_from_slice(chunk);
            }
            at += chunk.len();
        });
        match result {
            Ok(()) => self.ok(r.op, 0, &block),
            Err(_) => self.fail_code(r.op, 0x09),
        }
    }

    fn erase_region(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let (Some(offset), Some(size)) = (r.word(0), r.word(1)) else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        if offset % SECTOR != 0 || size % SECTOR != 0 {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        let end = u64::from(offset) + u64::from(size);
        if end > flash.capacity() as u64 {
            self.fail(r.op, Failure::TooMuchData);
            return;
        }
        let result = (offset..offset + size)
            .step_by(SECTOR as usize)
            .try_for_each(|s| flash.erase(s as usize))
            .map_err(|_| Failure::FlashOp);
        self.reply(r.op, result);
    }

    /// The stub's READ_FLASH(offset, length, packet size, max in flight).
    fn read_flash_begin(&mut self, r: &Request<'_>, flash: &mut dyn Flash) {
        let (Some(offset), Some(length), Some(packet), Some(max_in_flight)) =
            (r.word(0), r.word(1), r.word(2), r.word(3))
        else {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        };
        let end = u64::from(offset) + u64::from(length);
        if packet == 0 || max_in_flight == 0 || end > flash.capacity() as u64 {
            self.fail(r.op, Failure::InvalidMessage);
            return;
        }
        self.ok(r.op, 0, &[]);
        self.read_flash = Some(ReadFlash {
            offset,
            length,
            packet,
            max_in_flight,
            sent: 0,
            acked: 0,
            md5: Md5::new(),
        });
        self.read_flash_pump(flash);
    }

    /// Sends data packets while fewer than `max_in_flight` are unacknowledged; once all are
    /// acknowledged, the MD5 of the whole read.
    fn read_flash_pump(&mut self, flash: &mut dyn Flash) {
        let Some(mut rf) = self.read_flash.take() else {
            return;
        };
        while rf.sent < rf.length
            && rf.sent.saturating_sub(rf.acked) < rf.packet.saturating_mul(rf.max_in_flight)
        {
            let n = rf.packet.min(rf.length - rf.sent);
            let mut buf = vec![0u8; n as usize];
            if flash
                .read((rf.offset + rf.sent) as usize, &mut buf)
                .is_err()
            {
                // The stub gives up silently; the host times out.
                return;
            }
            rf.md5.update(&buf);
            rf.sent += n;
            self.send(&buf);
        }
        if rf.acked >= rf.length {
            let digest = rf.md5.finalize();
            self.send(&digest);
            return;
        }
        self.read_flash = Some(rf);
    }

    /// During READ_FLASH every frame from the host is an acknowledgement: the total received.
    fn read_flash_ack(&mut self, frame: &[u8], flash: &mut dyn Flash) {
        let Some(rf) = self.read_flash.as_mut() else {
            return;
        };
        match <[u8; 4]>::try_from(frame) {
            Ok(bytes) => {
                rf.acked = rf.acked.max(u32::from_le_bytes(bytes));
                self.read_flash_pump(flash);
            }
            // Anything else aborts the read, as the stub drops back to its command loop.
            Err(_) => {
                self.read_flash = None;
                self.bad_frames += 1;
            }
        }
    }
}

/// Reads `size` bytes at `addr` in chunks, for hashing or copying.
fn read_range(
    flash: &mut dyn Flash,
    addr: u32,
    size: u32,
    mut each: impl FnMut(&[u8]),
) -> Result<(), Failure> {
    let end = u64::from(addr) + u64::from(size);
    if end > flash.capacity() as u64 {
        return Err(Failure::TooMuchData);
    }
    let mut buf = vec![0u8; 0x1000];
    let mut at = addr as usize;
    let end = end as usize;
    while at < end {
        let n = (end - at).min(buf.len());
        let chunk = buf.get_mut(..n).ok_or(Failure::FlashOp)?;
        flash.read(at, chunk).map_err(|_| Failure::FlashOp)?;
        each(chunk);
        at += n;
    }
    Ok(())
}
