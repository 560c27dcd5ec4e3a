//! The format spec mini-language of `format()`, `str.format` and f-strings:
//! `[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]`, parsed into a
//! [`FormatSpec`] and applied to ints, floats and strings with CPython 3.11's results and
//! error messages (`Python/formatter_unicode.c`).

use super::float_repr::{FloatFlags, float_to_text};
use super::{BigInt, FormatError, MAX_WIDTH};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// Where padding goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`: odd padding puts the extra fill on the right.
    Center,
    /// `=`: between the sign (and `0x` prefix) and the digits.
    AfterSign,
}

/// What goes in front of non-negative numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// `-`: nothing (the default).
    Minus,
    /// `+`: a plus sign.
    Plus,
    /// ` `: a space.
    Space,
}

/// A thousands separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// `,` every three digits.
    Comma,
    /// `_` every three decimal digits, or every four in `b o x X`.
    Underscore,
}

/// A parsed format specifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// An explicit fill character (only given together with an alignment).
    pub fill: Option<char>,
    /// The alignment as written; each type has its own default (numbers right, strings left).
    pub align: Option<Align>,
    /// `None` when no sign option was written (strings reject any sign, even `-`).
    pub sign: Option<Sign>,
    /// `z`: turn a negative zero result into a positive one (floats only).
    pub no_neg_zero: bool,
    /// `#`: `0b`/`0o`/`0x` prefixes, or keep the float's point and zeros.
    pub alternate: bool,
    /// The `0` flag before the width: fill with `0` and, for numbers, align after the sign.
    pub zero_pad: bool,
    /// Minimum width in characters; 0 when not given.
    pub width: usize,
    /// A thousands separator, `,` or `_`.
    pub grouping: Option<Grouping>,
    /// Digits after the point (`f`, `e`, `%`), significant digits (`g`, none), or the
    /// maximum length of a string.
    pub precision: Option<usize>,
    /// The presentation type, e.g. `d`, `x`, `f`, `s`.
    pub ty: Option<char>,
}

fn parse_align(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

impl FormatSpec {
    /// Parses a spec; `type_name` (`"int"`, `"float"`, `"str"`...) only appears in the error
    /// for trailing garbage, as in CPython.
    pub fn parse(spec: &str, type_name: &str) -> Result<FormatSpec, FormatError> {
        let chars: Vec<char> = spec.chars().collect();
        let mut pos = 0;
        let mut out = FormatSpec {
            fill: None,
            align: None,
            sign: None,
            no_neg_zero: false,
            alternate: false,
            zero_pad: false,
            width: 0,
            grouping: None,
            precision: None,
            ty: None,
        };
        let at = |i: usize| chars.get(i).copied();
        if let Some(a) = at(1).and_then(parse_align) {
            out.fill = at(0);
            out.align = Some(a);
            pos = 2;
        } else if let Some(a) = at(0).and_then(parse_align) {
            out.align = Some(a);
            pos = 1;
        }
        out.sign = match at(pos) {
            Some('+') => Some(Sign::Plus),
            Some('-') => Some(Sign::Minus),
            Some(' ') => Some(Sign::Space),
            _ => None,
        };
        if out.sign.is_some() {
            pos += 1;
        }
        if at(pos) == Some('z') {
            out.no_neg_zero = true;
            pos += 1;
        }
        if at(pos) == Some('#') {
            out.alternate = true;
            pos += 1;
        }
        // The '0' flag only counts when no fill was given; after "x<" a 0 starts the width.
        if out.fill.is_none() && at(pos) == Some('0') {
            out.zero_pad = true;
            pos += 1;
        }
        let (width, next) = parse_count(&chars, pos)?;
        pos = next;
        if let Some(w) = width {
            if w > MAX_WIDTH {
                return Err(FormatError::value("width too big"));
            }
            out.width = w;
        }
        match at(pos) {
            Some(',') => out.grouping = Some(Grouping::Comma),
            Some('_') => out.grouping = Some(Grouping::Underscore),
            _ => {}
        }
        if let Some(first) = out.grouping {
            pos += 1;
            match (first, at(pos)) {
                (Grouping::Comma, Some(',')) => {
                    return Err(FormatError::value("Cannot specify ',' with ','."));
                }
                (Grouping::Underscore, Some('_')) => {
                    return Err(FormatError::value("Cannot specify '_' with '_'."));
                }
                (_, Some(',' | '_')) => {
                    return Err(FormatError::value("Cannot specify both ',' and '_'."));
                }
                _ => {}
            }
        }
        if at(pos) == Some('.') {
            let (precision, next) = parse_count(&chars, pos + 1)?;
            let Some(p) = precision else {
                return Err(FormatError::value("Format specifier missing precision"));
            };
            if p > MAX_WIDTH {
                return Err(FormatError::value("precision too big"));
            }
            out.precision = Some(p);
            pos = next;
        }
        if chars.len() > pos + 1 {
            return Err(FormatError::value(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )));
        }
        out.ty = at(pos);
        if let Some(g) = out.grouping {
            let ok = match out.ty {
                None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
                Some('b' | 'o' | 'x' | 'X') => g == Grouping::Underscore,
                _ => false,
            };
            if !ok {
                let sep = if g == Grouping::Comma { ',' } else { '_' };
                return Err(FormatError::value(format!(
                    "Cannot specify '{sep}' with '{}'.",
                    printable(out.ty)
                )));
            }
        }
        Ok(out)
    }

    /// The fill and alignment to use, given the type's default alignment.
    fn fill_align(&self, default: Align) -> (char, Align) {
        let fill = self.fill.unwrap_or(if self.zero_pad { '0' } else { ' ' });
        let align = self
            .align
            .unwrap_or(if self.zero_pad && default == Align::Right {
                Align::AfterSign
            } else {
                default
            });
        (fill, align)
    }
}

/// Reads decimal digits at `pos`: `(None, pos)` when there are none.
fn parse_count(chars: &[char], mut pos: usize) -> Result<(Option<usize>, usize), FormatError> {
    let mut value: Option<usize> = None;
    while let Some(d) = chars.get(pos).and_then(|c| c.to_digit(10)) {
        let v = value
            .unwrap_or(0)
            .checked_mul(10)
            .and_then(|v| v.checked_add(d as usize))
            .ok_or_else(|| FormatError::value("Too many decimal digits in format string"))?;
        value = Some(v);
        pos += 1;
    }
    Ok((value, pos))
}

/// How CPython shows a type code in messages: the character, or `\xNN` when unprintable.
fn printable(ty: Option<char>) -> String {
    match ty {
        Some(c) if (' '..='~').contains(&c) => c.to_string(),
        Some(c) => format!("\\x{:x}", u32::from(c)),
        None => String::new(),
    }
}

fn unknown_code(ty: char, type_name: &str) -> FormatError {
    FormatError::value(format!(
        "Unknown format code '{}' for object of type '{type_name}'",
        printable(Some(ty))
    ))
}

/// `format(value, spec)` for an int that fits an `i64` (the interpreter's fast path; no
/// BigInt is built). Bools are ints here; the runtime handles `format(True, '')` == 'True'.
pub fn format_i64(value: i64, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let spec = FormatSpec::parse(spec, "int")?;
    format_int_with(IntRef::Small(value), &spec)
}

/// `format(value, spec)` for any int.
pub fn format_int(value: &BigInt, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(value.to_string());
    }
    let spec = FormatSpec::parse(spec, "int")?;
    match value.to_i64() {
        Some(v) => format_int_with(IntRef::Small(v), &spec),
        None => format_int_with(IntRef::Big(value), &spec),
    }
}

/// An int argument: small values stay on the fast path.
#[derive(Debug, Clone, Copy)]
pub enum IntRef<'a> {
    /// A value that fits an `i64`.
    Small(i64),
    /// Any value (typically one that does not fit an `i64`).
    Big(&'a BigInt),
}

impl IntRef<'_> {
    fn is_negative(self) -> bool {
        match self {
            IntRef::Small(v) => v < 0,
            IntRef::Big(b) => b.is_negative(),
        }
    }

    /// The digits of the absolute value in `radix` (2, 8, 10 or 16), lowercase.
    pub(crate) fn abs_digits(self, radix: u32) -> String {
        match self {
            IntRef::Small(v) => u64_digits(v.unsigned_abs(), radix),
            IntRef::Big(b) => {
                let s = b.to_string_radix(radix);
                s.strip_prefix('-').map(String::from).unwrap_or(s)
            }
        }
    }

    /// `float(value)`, with CPython's OverflowError when it does not fit.
    pub(crate) fn to_f64(self) -> Result<f64, FormatError> {
        let x = match self {
            IntRef::Small(v) => v as f64,
            IntRef::Big(b) => b.to_f64(),
        };
        if x.is_infinite() {
            return Err(FormatError::overflow("int too large to convert to float"));
        }
        Ok(x)
    }
}

/// Digits of a `u64` in radix 2, 8, 10 or 16 without going through a BigInt.
pub(crate) fn u64_digits(mut v: u64, radix: u32) -> String {
    let mut buf = [0u8; 64];
    let mut i = buf.len();
    let radix = u64::from(radix);
    loop {
        i -= 1;
        let d = (v % radix) as u8;
        buf[i] = if d < 10 { b'0' + d } else { b'a' + d - 10 };
        v /= radix;
        if v == 0 {
            break;
        }
    }
    buf[i..].iter().map(|&b| char::from(b)).collect()
}

/// `format(value, spec)` for an int with an already parsed spec.
pub fn format_int_with(value: IntRef<'_>, spec: &FormatSpec) -> Result<String, FormatError> {
    let ty = spec.ty.unwrap_or('d');
    let radix = match ty {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        'd' | 'n' | 'c' => 10,
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => return format_float_with(value.to_f64()?, spec),
        other => return Err(unknown_code(other, "int")),
    };
    if spec.precision.is_some() {
        return Err(FormatError::value(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let (fill, align) = spec.fill_align(Align::Right);
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(FormatError::value(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(FormatError::value(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let ch = char_from_code(value)?;
        let mut buf = [0u8; 4];
        return Ok(pad_number(
            None,
            "",
            ch.encode_utf8(&mut buf),
            "",
            fill,
            align,
            spec.width,
            None,
        ));
    }
    let mut digits = value.abs_digits(radix);
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let prefix = match (spec.alternate, ty) {
        (true, 'b') => "0b",
        (true, 'o') => "0o",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let sign = sign_char(value.is_negative(), spec.sign);
    let group = spec.grouping.map(|g| match (g, radix) {
        (Grouping::Comma, _) => (',', 3),
        (Grouping::Underscore, 10) => ('_', 3),
        (Grouping::Underscore, _) => ('_', 4),
    });
    Ok(pad_number(
        sign, prefix, &digits, "", fill, align, spec.width, group,
    ))
}

/// The character for `:c` / `%c`: OverflowError outside `range(0x110000)`.
pub(crate) fn char_from_code(value: IntRef<'_>) -> Result<char, FormatError> {
    let code = match value {
        IntRef::Small(v) => u32::try_from(v).ok().filter(|&c| c <= 0x10_FFFF),
        // CPython fails converting to a C long before it checks the range.
        IntRef::Big(_) => {
            return Err(FormatError::overflow(
                "Python int too large to convert to C long",
            ));
        }
    };
    let code = code.ok_or_else(|| FormatError::overflow("%c arg not in range(0x110000)"))?;
    // Lone surrogates are valid Python code points but cannot live in a Rust string.
    // TODO: represent them if the runtime's str ever allows it; U+FFFD stands in for now.
    Ok(char::from_u32(code).unwrap_or('\u{FFFD}'))
}

fn sign_char(negative: bool, sign: Option<Sign>) -> Option<char> {
    match (negative, sign) {
        (true, _) => Some('-'),
        (false, Some(Sign::Plus)) => Some('+'),
        (false, Some(Sign::Space)) => Some(' '),
        _ => None,
    }
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(super::float_repr(x));
    }
    let spec = FormatSpec::parse(spec, "float")?;
    format_float_with(x, &spec)
}

/// `format(x, spec)` for a float with an already parsed spec (ints with a float type come
/// here too).
pub fn format_float_with(x: f64, spec: &FormatSpec) -> Result<String, FormatError> {
    let mut flags = FloatFlags {
        alt: spec.alternate,
        no_neg_zero: spec.no_neg_zero,
        add_dot_0: false,
    };
    let mut x = x;
    let mut percent = false;
    let (code, default_precision) = match spec.ty {
        // No type: repr's digits, or 'g' with at least one digit after the point.
        None if spec.precision.is_none() => {
            flags.add_dot_0 = true;
            ('r', 0)
        }
        None => {
            flags.add_dot_0 = true;
            ('g', 0)
        }
        Some('n') => ('g', 6),
        Some('%') => {
            x *= 100.0;
            percent = true;
            ('f', 6)
        }
        Some(c @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G')) => (c, 6),
        Some(other) => return Err(unknown_code(other, "float")),
    };
    let precision = spec.precision.unwrap_or(default_precision);
    let text = float_to_text(x, code, precision, flags);
    let body = text.body.as_str();
    // Only the integer digits are grouped; the point, fraction, exponent and '%' follow.
    let split = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let (digits, rest) = body.split_at(split);
    let rest = if percent {
        format!("{rest}%")
    } else {
        rest.to_string()
    };
    let group = spec
        .grouping
        .map(|g| (if g == Grouping::Comma { ',' } else { '_' }, 3));
    let (fill, align) = spec.fill_align(Align::Right);
    let sign = sign_char(text.negative, spec.sign);
    Ok(pad_number(
        sign, "", digits, &rest, fill, align, spec.width, group,
    ))
}

/// `format(s, spec)` for a string.
pub fn format_str(s: &str, spec: &str) -> Result<String, FormatError> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    let spec = FormatSpec::parse(spec, "str")?;
    format_str_with(s, &spec)
}

/// `format(s, spec)` for a string with an already parsed spec.
pub fn format_str_with(s: &str, spec: &FormatSpec) -> Result<String, FormatError> {
    // A string's type defaults to 's', which takes no separator; parse() cannot know that.
    if let (Some(g), None) = (spec.grouping, spec.ty) {
        let sep = if g == Grouping::Comma { ',' } else { '_' };
        return Err(FormatError::value(format!(
            "Cannot specify '{sep}' with 's'."
        )));
    }
    if let Some(ty) = spec.ty.filter(|&t| t != 's') {
        return Err(unknown_code(ty, "str"));
    }
    match spec.sign {
        Some(Sign::Space) => {
            return Err(FormatError::value(
                "Space not allowed in string format specifier",
            ));
        }
        Some(_) => {
            return Err(FormatError::value(
                "Sign not allowed in string format specifier",
            ));
        }
        None => {}
    }
    if spec.no_neg_zero {
        return Err(FormatError::value(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(FormatError::value(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(FormatError::value(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let s = match spec.precision {
        Some(p) => s.char_indices().nth(p).map_or(s, |(i, _)| &s[..i]),
        None => s,
    };
    let (fill, align) = spec.fill_align(Align::Left);
    Ok(pad(s, fill, align, spec.width))
}

/// Pads `s` to `width` characters.
pub(crate) fn pad(s: &str, fill: char, align: Align, width: usize) -> String {
    let len = s.chars().count();
    let padding = width.saturating_sub(len);
    if padding == 0 {
        return s.to_string();
    }
    let (left, right) = match align {
        Align::Left => (0, padding),
        Align::Center => (padding / 2, padding - padding / 2),
        Align::Right | Align::AfterSign => (padding, 0),
    };
    let mut out = String::with_capacity(s.len() + padding * fill.len_utf8());
    out.extend(core::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(core::iter::repeat_n(fill, right));
    out
}

/// Lays out `sign prefix digits rest` in `width`, CPython's `fill_number`: with `=`
/// alignment the padding goes after the sign and prefix, and a `0` fill there becomes
/// leading zeros that are grouped like the digits (`'{:010,}'.format(1234)` is
/// `00,001,234`).
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors the parts of CPython's NumberFieldWidths"
)]
fn pad_number(
    sign: Option<char>,
    prefix: &str,
    digits: &str,
    rest: &str,
    fill: char,
    align: Align,
    width: usize,
    group: Option<(char, usize)>,
) -> String {
    let fixed_len = usize::from(sign.is_some()) + prefix.len() + rest.chars().count();
    let grouped;
    let digits = match group {
        Some((sep, size)) if !digits.is_empty() => {
            let min_width = if fill == '0' && align == Align::AfterSign {
                width.saturating_sub(fixed_len)
            } else {
                0
            };
            grouped = group_digits(digits.as_bytes(), sep, size, min_width);
            grouped.as_str()
        }
        _ => digits,
    };
    let len = fixed_len + digits.chars().count();
    let padding = width.saturating_sub(len);
    let (left, middle, right) = match align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };
    let mut out = String::with_capacity(len + padding * fill.len_utf8());
    out.extend(core::iter::repeat_n(fill, left));
    out.extend(sign);
    out.push_str(prefix);
    out.extend(core::iter::repeat_n(fill, middle));
    out.push_str(digits);
    out.push_str(rest);
    out.extend(core::iter::repeat_n(fill, right));
    out
}

/// Inserts `sep` every `size` digits from the right, first padding with zeros (also grouped)
/// to at least `min_width` characters: CPython's `_PyUnicode_InsertThousandsGrouping`.
fn group_digits(digits: &[u8], sep: char, size: usize, min_width: usize) -> String {
    let mut rev: Vec<char> = Vec::with_capacity(digits.len() * 2 + min_width);
    let size = size as isize;
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width as isize;
    let mut next = digits.len();
    let mut first = true;
    loop {
        let l = size.min(remaining.max(min_width).max(1));
        let zeros = (l - remaining).max(0);
        let take = remaining.min(l).max(0);
        if !first {
            rev.push(sep);
        }
        first = false;
        for _ in 0..take {
            next -= 1;
            rev.push(char::from(digits[next]));
        }
        rev.extend(core::iter::repeat_n('0', zeros as usize));
        remaining -= take;
        min_width -= size;
        if remaining <= 0 && min_width <= 0 {
            break;
        }
        min_width -= 1;
    }
    rev.iter().rev().collect()
}
