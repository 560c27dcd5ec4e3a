//! Command and response packets of the ROM loader protocol (esptool docs, serial-protocol.rst):
//! a request is `00, op, len u16, checksum u32, data`; a response is `01, op, len u16,
//! value u32, data`, its data ending in status bytes (4 from the ROM, 2 from the stub).

/// Opcodes. Keep in the order of the table in esp-rom-serial-protocol.md.
pub mod op {
    pub const FLASH_BEGIN: u8 = 0x02;
    pub const FLASH_DATA: u8 = 0x03;
    pub const FLASH_END: u8 = 0x04;
    pub const MEM_BEGIN: u8 = 0x05;
    pub const MEM_END: u8 = 0x06;
    pub const MEM_DATA: u8 = 0x07;
    pub const SYNC: u8 = 0x08;
    pub const WRITE_REG: u8 = 0x09;
    pub const READ_REG: u8 = 0x0A;
    pub const SPI_SET_PARAMS: u8 = 0x0B;
    pub const SPI_ATTACH: u8 = 0x0D;
    pub const READ_FLASH_SLOW: u8 = 0x0E;
    pub const CHANGE_BAUDRATE: u8 = 0x0F;
    pub const FLASH_DEFL_BEGIN: u8 = 0x10;
    pub const FLASH_DEFL_DATA: u8 = 0x11;
    pub const FLASH_DEFL_END: u8 = 0x12;
    pub const SPI_FLASH_MD5: u8 = 0x13;
    pub const GET_SECURITY_INFO: u8 = 0x14;
    pub const ERASE_FLASH: u8 = 0xD0;
    pub const ERASE_REGION: u8 = 0xD1;
    pub const READ_FLASH: u8 = 0xD2;
    pub const RUN_USER_CODE: u8 = 0xD3;
}

/// Why a command failed, as one error byte. The ROM and the stub number them differently
/// (esptool docs "ROM Loader Errors"; the stub's `esp_command_error` in stub_flasher.h).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Unknown command, wrong data length or bad parameters.
    InvalidMessage,
    /// The data checksum in the header does not match the data.
    BadChecksum,
    /// The command needs FLASH_BEGIN (or FLASH_DEFL_BEGIN) first.
    NotInFlashMode,
    /// More data than FLASH_BEGIN announced, or an address past the end of the flash.
    TooMuchData,
    /// FLASH_END before all announced data arrived.
    NotEnoughData,
    /// The zlib stream is corrupt.
    Inflate,
    /// The flash chip failed an operation.
    FlashOp,
}

impl Failure {
    /// The error byte the ROM loader sends.
    pub fn rom_code(self) -> u8 {
        match self {
            Failure::InvalidMessage | Failure::NotInFlashMode | Failure::NotEnoughData => 0x05,
            Failure::TooMuchData => 0x05,
            Failure::BadChecksum => 0x07,
            Failure::FlashOp => 0x08,
            Failure::Inflate => 0x0B,
        }
    }

    /// The error byte the flasher stub sends.
    pub fn stub_code(self) -> u8 {
        match self {
            Failure::InvalidMessage => 0xC0,
            Failure::BadChecksum => 0xC1,
            Failure::FlashOp => 0xC4,
            Failure::NotInFlashMode => 0xC6,
            Failure::Inflate => 0xC7,
            Failure::NotEnoughData => 0xC8,
            Failure::TooMuchData => 0xC9,
        }
    }
}

/// The stub's code for a command it does not know (ESP_INVALID_COMMAND).
pub const STUB_INVALID_COMMAND: u8 = 0xC3;

/// A request frame, split into its fields.
#[derive(Debug)]
pub struct Request<'a> {
    pub op: u8,
    pub checksum: u32,
    pub data: &'a [u8],
}

/// Why a frame is not a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestError {
    /// Shorter than the 8-byte header: nothing to answer.
    TooShort,
    /// The direction byte is not 0 (a response echoed back, or noise).
    NotARequest,
    /// The length field disagrees with the bytes that came: answer "invalid message".
    LengthMismatch { op: u8 },
}

impl<'a> Request<'a> {
    pub fn parse(frame: &'a [u8]) -> Result<Request<'a>, RequestError> {
        let (header, data) = frame.split_at_checked(8).ok_or(RequestError::TooShort)?;
        let [dir, op, l0, l1, c0, c1, c2, c3] = header else {
            return Err(RequestError::TooShort);
        };
        if *dir != 0 {
            return Err(RequestError::NotARequest);
        }
        if usize::from(u16::from_le_bytes([*l0, *l1])) != data.len() {
            return Err(RequestError::LengthMismatch { op: *op });
        }
        Ok(Request {
            op: *op,
            checksum: u32::from_le_bytes([*c0, *c1, *c2, *c3]),
            data,
        })
    }

    /// The little-endian u32 at word `i` of the data, if present.
    pub fn word(&self, i: usize) -> Option<u32> {
        let bytes = self.data.get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}

/// The ROM's data checksum: 0xEF XORed with every byte.
pub fn checksum(data: &[u8]) -> u8 {
    data.iter().fold(0xEF, |acc, b| acc ^ b)
}

/// A response body: header, the command's result bytes, then the status bytes.
pub fn response(op: u8, value: u32, result: &[u8], status: &[u8]) -> Vec<u8> {
    let len = u16::try_from(result.len() + status.len()).unwrap_or(u16::MAX);
    let mut body = Vec::with_capacity(8 + usize::from(len));
    body.push(0x01);
    body.push(op);
    body.extend_from_slice(&len.to_le_bytes());
    body.extend_from_slice(&value.to_le_bytes());
    body.extend_from_slice(result);
    body.extend_from_slice(status);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_sync_request() {
        let mut frame = vec![0, 8, 36, 0, 0, 0, 0, 0, 7, 7, 0x12, 0x20];
        frame.extend([0x55; 32]);
        let r = Request::parse(&frame).unwrap();
        assert_eq!((r.op, r.data.len()), (op::SYNC, 36));
        assert_eq!(r.word(0), Some(0x2012_0707));
        assert_eq!(r.word(9), None);
    }

    #[test]
    fn rejects_short_and_inconsistent_frames() {
        assert_eq!(
            Request::parse(&[0, 8, 0]).unwrap_err(),
            RequestError::TooShort
        );
        assert_eq!(
            Request::parse(&[1, 8, 0, 0, 0, 0, 0, 0]).unwrap_err(),
            RequestError::NotARequest
        );
        assert_eq!(
            Request::parse(&[0, 0x0A, 4, 0, 0, 0, 0, 0, 1, 2]).unwrap_err(),
            RequestError::LengthMismatch { op: 0x0A }
        );
    }

    #[test]
    fn builds_the_rom_sync_reply() {
        let body = response(op::SYNC, 0x2012_0707, &[], &[0, 0, 0, 0]);
        assert_eq!(body, [1, 8, 4, 0, 7, 7, 0x12, 0x20, 0, 0, 0, 0]);
        assert_eq!(checksum(&[0xEF]), 0);
    }
}
