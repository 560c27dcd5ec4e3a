//! Literal values: integer digits in any base to `i64` or decimal digits, floats, string
//! prefixes, and the escape sequences of str and bytes literals.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{Tok, digit_value};

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct StrFlags {
    pub(super) raw: bool,
    pub(super) bytes: bool,
    pub(super) format: bool,
}

impl StrFlags {
    pub(super) fn from_prefix(prefix: &str) -> Option<StrFlags> {
        if prefix.len() > 2 {
            return None;
        }
        let mut flags = StrFlags::default();
        let mut unicode = false;
        for b in prefix.bytes() {
            let seen = match b.to_ascii_lowercase() {
                b'r' => core::mem::replace(&mut flags.raw, true),
                b'b' => core::mem::replace(&mut flags.bytes, true),
                b'f' => core::mem::replace(&mut flags.format, true),
                b'u' => core::mem::replace(&mut unicode, true),
                _ => return None,
            };
            if seen {
                return None;
            }
        }
        // Valid: r, b, f, u, rb/br, rf/fr. `u` combines with nothing.
        let valid = !(flags.bytes && flags.format || unicode && prefix.len() > 1);
        valid.then_some(flags)
    }
}

pub(super) fn parse_float(text: &str) -> Option<f64> {
    if text.contains('_') {
        let cleaned: String = text.chars().filter(|&c| c != '_').collect();
        cleaned.parse().ok()
    } else {
        text.parse().ok()
    }
}

/// Builds the token for integer digits (underscores allowed) in `radix`.
pub(super) fn int_token(text: &str, radix: u32) -> Tok {
    let mut value: Option<i64> = Some(0);
    for b in text.bytes() {
        if b == b'_' {
            continue;
        }
        let d = i64::from(digit_value(b));
        value = value
            .and_then(|v| v.checked_mul(i64::from(radix)))
            .and_then(|v| v.checked_add(d));
        if value.is_none() {
            break;
        }
    }
    match value {
        Some(v) => Tok::Int(v),
        None => Tok::BigInt(to_decimal(text, radix)),
    }
}

/// Converts digits in `radix` to decimal digits: schoolbook multiply-add on base-10^9 limbs,
/// quadratic but only ever run on literals.
fn to_decimal(text: &str, radix: u32) -> String {
    const LIMB: u64 = 1_000_000_000;
    let mut limbs: Vec<u32> = Vec::new(); // Little-endian base-10^9.
    for b in text.bytes() {
        if b == b'_' {
            continue;
        }
        let mut carry = u64::from(digit_value(b));
        for limb in limbs.iter_mut() {
            let v = u64::from(*limb) * u64::from(radix) + carry;
            *limb = (v % LIMB) as u32;
            carry = v / LIMB;
        }
        while carry > 0 {
            limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut out = String::new();
    let mut iter = limbs.iter().rev();
    match iter.next() {
        Some(top) => out.push_str(&format!("{top}")),
        None => out.push('0'),
    }
    for limb in iter {
        out.push_str(&format!("{limb:09}"));
    }
    out
}

fn hex_value(s: &str, n: usize) -> Option<(u32, usize)> {
    let digits = s.get(..n)?;
    let v = u32::from_str_radix(digits, 16).ok()?;
    // from_str_radix accepts a leading '+'; escapes do not.
    digits
        .bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then_some((v, n))
}

/// One escape sequence after a backslash, shared by str and bytes literals.
enum Escape {
    /// A code point (str) or byte value (bytes).
    Value(u32),
    /// Backslash-newline: nothing.
    Nothing,
    /// Unknown escape: keep the backslash and the character.
    Verbatim,
}

/// Decodes the escape at the start of `rest` (just after a backslash); returns it and how many
/// bytes it used.
fn escape(rest: &str, bytes: bool) -> Result<(Escape, usize), &'static str> {
    let Some(c) = rest.chars().next() else {
        return Ok((Escape::Verbatim, 0));
    };
    let simple = |v: u8| Ok((Escape::Value(u32::from(v)), 1));
    match c {
        '\n' => Ok((Escape::Nothing, 1)),
        '\\' => simple(b'\\'),
        '\'' => simple(b'\''),
        '"' => simple(b'"'),
        'a' => simple(7),
        'b' => simple(8),
        'f' => simple(12),
        'n' => simple(b'\n'),
        'r' => simple(b'\r'),
        't' => simple(b'\t'),
        'v' => simple(11),
        '0'..='7' => {
            let mut v = 0u32;
            let mut n = 0;
            for b in rest.bytes().take(3) {
                if !(b'0'..=b'7').contains(&b) {
                    break;
                }
                v = v * 8 + u32::from(b - b'0');
                n += 1;
            }
            Ok((Escape::Value(if bytes { v & 0xff } else { v }), n))
        }
        'x' => match hex_value(rest.get(1..).unwrap_or(""), 2) {
            Some((v, n)) => Ok((Escape::Value(v), n + 1)),
            None => Err("(unicode error) truncated \\xXX escape"),
        },
        'u' | 'U' if !bytes => {
            let len = if c == 'u' { 4 } else { 8 };
            match hex_value(rest.get(1..).unwrap_or(""), len) {
                Some((v, n)) if char::from_u32(v).is_some() => Ok((Escape::Value(v), n + 1)),
                Some(_) => Err("(unicode error) illegal Unicode character"),
                None if c == 'u' => Err("(unicode error) truncated \\uXXXX escape"),
                None => Err("(unicode error) truncated \\UXXXXXXXX escape"),
            }
        }
        'N' if !bytes => Err("(unicode error) \\N{...} escapes are not supported"),
        _ => Ok((Escape::Verbatim, 0)),
    }
}

/// Decodes the escapes of a (non-raw) str literal body into `out`.
pub fn decode_str(body: &str, out: &mut String) -> Result<(), &'static str> {
    let mut rest = body;
    while let Some(i) = rest.find('\\') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        let (esc, used) = escape(after, false)?;
        match esc {
            Escape::Value(v) => out.push(char::from_u32(v).unwrap_or('\u{fffd}')),
            Escape::Nothing => {}
            Escape::Verbatim => out.push('\\'),
        }
        rest = after.get(used..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(())
}

/// Decodes the escapes of a (non-raw) bytes literal body, already checked to be ASCII.
pub fn decode_bytes(body: &str, out: &mut Vec<u8>) -> Result<(), &'static str> {
    let mut rest = body;
    while let Some(i) = rest.find('\\') {
        out.extend_from_slice(rest.get(..i).unwrap_or("").as_bytes());
        let after = rest.get(i + 1..).unwrap_or("");
        let (esc, used) = escape(after, true)?;
        match esc {
            Escape::Value(v) => out.push(v as u8),
            Escape::Nothing => {}
            Escape::Verbatim => out.push(b'\\'),
        }
        rest = after.get(used..).unwrap_or("");
    }
    out.extend_from_slice(rest.as_bytes());
    Ok(())
}
