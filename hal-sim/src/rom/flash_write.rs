//! FLASH_BEGIN..FLASH_DATA..FLASH_END (plain or zlib-deflated) into the SPI flash, with the
//! erase behaviour of each loader: the ROM erases the whole region when the write begins; the
//! stub erases each sector just before writing into it (esptool: "stub erases as it writes,
//! but ROM loaders erase on begin"). So a write cut off half-way leaves what a real chip
//! leaves, and nothing outside the region changes.

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
use vm::hal::Flash;

use super::packet::Failure;

const SECTOR: u64 = 0x1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteKind {
    Plain,
    Deflated,
}

/// One flash write in progress.
pub struct FlashWrite {
    stub: bool,
    /// Where the next byte goes.
    next: u64,
    /// One past the last byte this write may program.
    end: u64,
    /// The stub's lazy erase: sectors below this address are erased.
    erased_to: u64,
    inflater: Option<Box<InflateState>>,
    /// The zlib stream ended; more data is an error.
    stream_ended: bool,
}

impl FlashWrite {
    /// FLASH_BEGIN / FLASH_DEFL_BEGIN. `size` is the erase size (plain) or the uncompressed
    /// size (deflated; the ROM gets it rounded up to whole blocks).
    pub fn begin(
        kind: WriteKind,
        stub: bool,
        size: u32,
        blocks: u32,
        block_size: u32,
        offset: u32,
        flash: &mut dyn Flash,
    ) -> Result<FlashWrite, Failure> {
        let start = u64::from(offset);
        if start % SECTOR != 0 {
            return Err(Failure::InvalidMessage);
        }
        let capacity = flash.capacity() as u64;
        let region_end = start + u64::from(size);
        if region_end > capacity {
            return Err(Failure::TooMuchData);
        }
        // The ROM programs whole blocks (esptool pads the last one with 0xFF); the stub trims
        // the padding and writes exactly `size` bytes.
        let end = match (kind, stub) {
            (WriteKind::Plain, false) => {
                (start + u64::from(blocks) * u64::from(block_size)).min(capacity)
            }
            _ => region_end,
        };
        let mut write = FlashWrite {
            stub,
            next: start,
            end,
            erased_to: start,
            inflater: (kind == WriteKind::Deflated)
                .then(|| InflateState::new_boxed(DataFormat::Zlib)),
            stream_ended: false,
        };
        if !stub {
            write.erase_to(region_end, flash)?;
        }
        Ok(write)
    }

    pub fn is_deflated(&self) -> bool {
        self.inflater.is_some()
    }

    /// FLASH_DATA / FLASH_DEFL_DATA with a verified checksum.
    pub fn data(&mut self, payload: &[u8], flash: &mut dyn Flash) -> Result<(), Failure> {
        match self.inflater.take() {
            None => {
                let room = self.end.saturating_sub(self.next) as usize;
                let bytes = if self.stub && payload.len() > room && room > 0 {
                    // The stub trims the last block's padding.
                    payload.get(..room).unwrap_or_default()
                } else {
                    payload
                };
                self.program(bytes, flash)
            }
            Some(mut state) => {
                let result = self.inflate(&mut state, payload, flash);
                self.inflater = Some(state);
                result
            }
        }
    }

    fn inflate(
        &mut self,
        state: &mut InflateState,
        mut input: &[u8],
        flash: &mut dyn Flash,
    ) -> Result<(), Failure> {
        let mut buf = vec![0u8; 0x8000];
        loop {
            if self.stream_ended {
                return if input.is_empty() {
                    Ok(())
                } else {
                    Err(Failure::TooMuchData)
                };
            }
            let result = inflate(state, input, &mut buf, MZFlush::None);
            input = input.get(result.bytes_consumed..).unwrap_or_default();
            let out = buf.get(..result.bytes_written).unwrap_or_default();
            if !out.is_empty() {
                self.program(out, flash)?;
            }
            match result.status {
                Ok(MZStatus::StreamEnd) => self.stream_ended = true,
                Ok(_) => {}
                // Buf: no progress possible without more input.
                Err(MZError::Buf) => return Ok(()),
                Err(_) => return Err(Failure::Inflate),
            }
            if input.is_empty() && result.bytes_written < buf.len() {
                return Ok(());
            }
        }
    }

    fn program(&mut self, bytes: &[u8], flash: &mut dyn Flash) -> Result<(), Failure> {
        let end = self.next + bytes.len() as u64;
        if end > self.end {
            return Err(Failure::TooMuchData);
        }
        if self.stub {
            self.erase_to(end, flash)?;
        }
        flash
            .write(self.next as usize, bytes)
            .map_err(|_| Failure::FlashOp)?;
        self.next = end;
        Ok(())
    }

    /// Erases whole sectors from `erased_to` until `to` is covered.
    fn erase_to(&mut self, to: u64, flash: &mut dyn Flash) -> Result<(), Failure> {
        while self.erased_to < to {
            flash
                .erase(self.erased_to as usize)
                .map_err(|_| Failure::FlashOp)?;
            self.erased_to += SECTOR;
        }
        Ok(())
    }

    /// FLASH_END on the stub: everything announced must have arrived.
    pub fn finish(self) -> Result<(), Failure> {
        let complete = match self.inflater {
            Some(_) => self.stream_ended && self.next == self.end,
            None => self.next >= self.end,
        };
        if complete {
            Ok(())
        } else {
            Err(Failure::NotEnoughData)
        }
    }
}
