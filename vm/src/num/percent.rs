//! printf-style `%` formatting, the parts that need no object model: [`parse`] walks a format
//! string and yields literal text and conversion specs (`%[(key)][flags][width|*][.prec|*]type`);
//! the runtime fetches each argument (from the tuple or the mapping, plus `*` values), then
//! calls [`render_int`], [`render_float`], [`render_char`] or [`render_str`]. Output and
//! messages follow CPython 3.11's `PyUnicode_Format`.
//!
//! ```text
//! for piece in percent::parse(fmt) {
//!     match piece? {
//!         Piece::Literal(text) => out.push_str(text),
//!         Piece::Conversion(spec) => { /* fetch args, spec.resolve(...), render_* */ }
//!     }
//! }
//! ```

use super::float_repr::{FloatFlags, float_to_text};
use super::format_spec::{IntRef, char_from_code};
use super::{BigInt, FormatError, MAX_WIDTH};
use alloc::format;
use alloc::string::String;

/// The flag characters `- + space # 0`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    /// `-`: pad on the right (wins over `0`).
    pub left: bool,
    /// `+`: always show a sign (wins over space).
    pub plus: bool,
    /// ` `: a space in front of non-negative numbers.
    pub space: bool,
    /// `#`: `0o`/`0x` prefixes, or keep the float's point (and `g`'s zeros).
    pub alt: bool,
    /// `0`: pad numbers with zeros after the sign.
    pub zero: bool,
}

/// A width or precision as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    /// A number written in the format string.
    Given(usize),
    /// `*`: the next argument supplies it.
    Star,
}

/// One `%` conversion as written in the format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvSpec<'a> {
    /// `%(key)s`: look the argument up in the mapping under this key.
    pub key: Option<&'a str>,
    /// The flag characters.
    pub flags: Flags,
    /// The minimum width, if any.
    pub width: Option<Count>,
    /// `.N` or `.*`; a bare `.` is a precision of 0.
    pub precision: Option<Count>,
    /// One of `s r a c d i u o x X e E f F g G`.
    pub conversion: char,
}

/// A conversion ready to render: `*` values are filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conversion {
    /// The flags, with `left` also set by a negative `*` width.
    pub flags: Flags,
    /// The minimum width in characters (0 for none), at most [`MAX_WIDTH`].
    pub width: usize,
    /// The precision, at most [`MAX_WIDTH`].
    pub precision: Option<usize>,
    /// The conversion character, as in [`ConvSpec::conversion`].
    pub conversion: char,
}

impl ConvSpec<'_> {
    /// How many `*` arguments (width first, then precision) come before the value.
    pub fn star_count(&self) -> usize {
        usize::from(self.width == Some(Count::Star))
            + usize::from(self.precision == Some(Count::Star))
    }

    /// Fills in `*` values (ignored where the spec gave a number). A negative `*` width
    /// means left alignment, as in C; a negative `*` precision counts as 0.
    pub fn resolve(
        &self,
        star_width: Option<i64>,
        star_precision: Option<i64>,
    ) -> Result<Conversion, FormatError> {
        let mut flags = self.flags;
        let width = match self.width {
            None => 0,
            Some(Count::Given(w)) => w,
            Some(Count::Star) => {
                let w = star_width.unwrap_or(0);
                if w < 0 {
                    flags.left = true;
                }
                usize::try_from(w.unsigned_abs()).unwrap_or(usize::MAX)
            }
        };
        let precision = match self.precision {
            None => None,
            Some(Count::Given(p)) => Some(p),
            Some(Count::Star) => {
                Some(usize::try_from(star_precision.unwrap_or(0).max(0)).unwrap_or(usize::MAX))
            }
        };
        if width > MAX_WIDTH {
            return Err(FormatError::value("width too big"));
        }
        if precision.is_some_and(|p| p > MAX_WIDTH) {
            return Err(FormatError::value("precision too big"));
        }
        Ok(Conversion {
            flags,
            width,
            precision,
            conversion: self.conversion,
        })
    }
}

/// A piece of a `%` format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text to copy as is (`%%` comes out as a lone `"%"`).
    Literal(&'a str),
    /// A conversion that consumes an argument (and `*` values).
    Conversion(ConvSpec<'a>),
}

/// Iterates over the pieces of `fmt`. After an error the iterator ends.
pub fn parse(fmt: &str) -> Pieces<'_> {
    Pieces {
        fmt,
        pos: 0,
        failed: false,
    }
}

/// The iterator [`parse`] returns.
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    fmt: &'a str,
    /// Byte offset of the next unread character.
    pos: usize,
    failed: bool,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Result<Piece<'a>, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.fmt.len() {
            return None;
        }
        let rest = &self.fmt[self.pos..];
        if !rest.starts_with('%') {
            let end = rest.find('%').unwrap_or(rest.len());
            self.pos += end;
            return Some(Ok(Piece::Literal(&rest[..end])));
        }
        if rest.starts_with("%%") {
            self.pos += 2;
            return Some(Ok(Piece::Literal("%")));
        }
        let result = self.conversion();
        if result.is_err() {
            self.failed = true;
        }
        Some(result.map(Piece::Conversion))
    }
}

impl<'a> Pieces<'a> {
    /// Parses the conversion starting at the `%` under `self.pos`.
    fn conversion(&mut self) -> Result<ConvSpec<'a>, FormatError> {
        let fmt = self.fmt;
        let bytes = fmt.as_bytes();
        let mut p = self.pos + 1;
        let incomplete = || FormatError::value("incomplete format");
        let mut key = None;
        if bytes.get(p) == Some(&b'(') {
            // Keys may hold balanced parentheses: '%(a(b))s' has the key "a(b)".
            let start = p + 1;
            let mut depth = 1;
            p += 1;
            while depth > 0 {
                match bytes.get(p) {
                    None => return Err(FormatError::value("incomplete format key")),
                    Some(b'(') => depth += 1,
                    Some(b')') => depth -= 1,
                    _ => {}
                }
                p += 1;
            }
            key = fmt.get(start..p - 1);
        }
        let mut flags = Flags::default();
        loop {
            match bytes.get(p) {
                Some(b'-') => flags.left = true,
                Some(b'+') => flags.plus = true,
                Some(b' ') => flags.space = true,
                Some(b'#') => flags.alt = true,
                Some(b'0') => flags.zero = true,
                _ => break,
            }
            p += 1;
        }
        let width = self.read_count(&mut p, "width too big")?;
        let mut precision = None;
        if bytes.get(p) == Some(&b'.') {
            p += 1;
            precision = Some(
                self.read_count(&mut p, "precision too big")?
                    .unwrap_or(Count::Given(0)),
            );
        }
        // C length modifiers mean nothing in Python.
        while matches!(bytes.get(p), Some(b'h' | b'l' | b'L')) {
            p += 1;
        }
        let conversion = fmt
            .get(p..)
            .and_then(|s| s.chars().next())
            .ok_or_else(incomplete)?;
        if !"sracdiuoxXeEfFgG".contains(conversion) {
            let index = fmt[..p].chars().count();
            let shown = if (' '..='~').contains(&conversion) {
                conversion
            } else {
                '?'
            };
            return Err(FormatError::value(format!(
                "unsupported format character '{shown}' (0x{:x}) at index {index}",
                u32::from(conversion)
            )));
        }
        self.pos = p + conversion.len_utf8();
        Ok(ConvSpec {
            key,
            flags,
            width,
            precision,
            conversion,
        })
    }

    /// Reads `*` or decimal digits at `*p`.
    fn read_count(&self, p: &mut usize, too_big: &str) -> Result<Option<Count>, FormatError> {
        let bytes = self.fmt.as_bytes();
        if bytes.get(*p) == Some(&b'*') {
            *p += 1;
            return Ok(Some(Count::Star));
        }
        let mut value: Option<usize> = None;
        while let Some(d) = bytes.get(*p).filter(|b| b.is_ascii_digit()) {
            let v = value.unwrap_or(0) * 10 + usize::from(d - b'0');
            if v > MAX_WIDTH {
                return Err(FormatError::value(too_big));
            }
            value = Some(v);
            *p += 1;
        }
        Ok(value.map(Count::Given))
    }
}

/// Renders an int for `d i u o x X` (for `c` use [`render_char_code`]; for `e f g` the
/// runtime converts to float and calls [`render_float`]).
pub fn render_int(conv: &Conversion, value: &BigInt) -> String {
    match value.to_i64() {
        Some(v) => render_int_ref(conv, IntRef::Small(v)),
        None => render_int_ref(conv, IntRef::Big(value)),
    }
}

/// [`render_int`] for a small int, without building a BigInt.
pub fn render_i64(conv: &Conversion, value: i64) -> String {
    render_int_ref(conv, IntRef::Small(value))
}

fn render_int_ref(conv: &Conversion, value: IntRef<'_>) -> String {
    let (radix, prefix) = match conv.conversion {
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = value.abs_digits(radix);
    if conv.conversion == 'X' {
        digits.make_ascii_uppercase();
    }
    // A precision is a minimum digit count: '%.3d' % 5 == '005'.
    if let Some(p) = conv.precision.filter(|&p| p > digits.len()) {
        digits.insert_str(0, &"0".repeat(p - digits.len()));
    }
    let prefix = if conv.flags.alt { prefix } else { "" };
    let sign = sign_str(value_is_negative(value), conv.flags);
    number(conv, sign, prefix, &digits)
}

fn value_is_negative(value: IntRef<'_>) -> bool {
    match value {
        IntRef::Small(v) => v < 0,
        IntRef::Big(b) => b.is_negative(),
    }
}

fn sign_str(negative: bool, flags: Flags) -> &'static str {
    if negative {
        "-"
    } else if flags.plus {
        "+"
    } else if flags.space {
        " "
    } else {
        ""
    }
}

/// Pads `sign prefix body` to the width: zeros after the sign with `0`, spaces otherwise.
fn number(conv: &Conversion, sign: &str, prefix: &str, body: &str) -> String {
    let len = sign.len() + prefix.len() + body.len();
    let padding = conv.width.saturating_sub(len);
    let mut out = String::with_capacity(len + padding);
    if conv.flags.left {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
        out.extend(core::iter::repeat_n(' ', padding));
    } else if conv.flags.zero {
        out.push_str(sign);
        out.push_str(prefix);
        out.extend(core::iter::repeat_n('0', padding));
        out.push_str(body);
    } else {
        out.extend(core::iter::repeat_n(' ', padding));
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(body);
    }
    out
}

/// Renders a float for `e E f F g G` (precision defaults to 6). `inf` and `nan` are padded
/// like numbers, zeros included, as CPython does (`'%05f' % inf == '00inf'`).
pub fn render_float(conv: &Conversion, x: f64) -> String {
    let flags = FloatFlags {
        alt: conv.flags.alt,
        ..FloatFlags::default()
    };
    let text = float_to_text(x, conv.conversion, conv.precision.unwrap_or(6), flags);
    let sign = sign_str(text.negative, conv.flags);
    number(conv, sign, "", &text.body)
}

/// Renders `%c` for an int argument: OverflowError outside `range(0x110000)`. Pass
/// `i64::MAX` for ints that do not fit an `i64`.
pub fn render_char_code(conv: &Conversion, code: i64) -> Result<String, FormatError> {
    let ch = char_from_code(IntRef::Small(code))?;
    Ok(render_char(conv, ch))
}

/// Renders `%c` for a one-character string (the runtime raises TypeError "%c requires int
/// or char" for anything else). Precision is ignored, as in CPython.
pub fn render_char(conv: &Conversion, ch: char) -> String {
    let mut buf = [0u8; 4];
    pad_text(conv, ch.encode_utf8(&mut buf))
}

/// Renders `%s`, `%r` or `%a` once the runtime has the text (`str()`, `repr()` or
/// `ascii()`): the precision truncates to that many characters, the width pads with spaces.
pub fn render_str(conv: &Conversion, text: &str) -> String {
    let text = match conv.precision {
        Some(p) => text.char_indices().nth(p).map_or(text, |(i, _)| &text[..i]),
        None => text,
    };
    pad_text(conv, text)
}

fn pad_text(conv: &Conversion, text: &str) -> String {
    let len = text.chars().count();
    let padding = conv.width.saturating_sub(len);
    let mut out = String::with_capacity(text.len() + padding);
    if !conv.flags.left {
        out.extend(core::iter::repeat_n(' ', padding));
    }
    out.push_str(text);
    if conv.flags.left {
        out.extend(core::iter::repeat_n(' ', padding));
    }
    out
}
