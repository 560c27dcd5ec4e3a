//! `format()` and `%` against CPython: the vectors in `format_vectors.rs` come from
//! `testgen.py` and cover every spec and value of the shared conformance corpus
//! (`format_*`, `fstring_*`, `float_*`, `builtin_numeric`) plus their neighbours.

use super::format_spec::{format_float, format_i64, format_int, format_str};
use super::percent::{self, Count, Piece};
use super::{BigInt, ErrorKind, FormatError, float_repr};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

#[rustfmt::skip]
#[path = "format_vectors.rs"]
mod vectors;
use vectors::*;

/// Turns a result into the vectors' notation: the text, or "!Kind: message".
fn show(r: Result<String, FormatError>) -> String {
    match r {
        Ok(s) => s,
        Err(e) => {
            let kind = match e.kind {
                ErrorKind::Value => "Value",
                ErrorKind::Overflow => "Overflow",
            };
            format!("!{kind}: {}", e.message)
        }
    }
}

#[test]
fn format_int_matches_cpython() {
    for &(value, spec, want) in FORMAT_INT {
        let big = BigInt::parse_radix(value, 10).unwrap();
        assert_eq!(
            show(format_int(&big, spec)),
            want,
            "format({value}, {spec:?})"
        );
        if let Ok(small) = value.parse::<i64>() {
            assert_eq!(
                show(format_i64(small, spec)),
                want,
                "format({value}, {spec:?}) via i64"
            );
        }
    }
}

#[test]
fn format_float_matches_cpython() {
    for &(bits, spec, want) in FORMAT_FLOAT {
        let x = f64::from_bits(bits);
        assert_eq!(show(format_float(x, spec)), want, "format({x:e}, {spec:?})");
    }
}

#[test]
fn format_str_matches_cpython() {
    for &(value, spec, want) in FORMAT_STR {
        assert_eq!(
            show(format_str(value, spec)),
            want,
            "format({value:?}, {spec:?})"
        );
    }
}

#[test]
fn huge_widths_are_refused_not_allocated() {
    for spec in ["1000001", "999999999999", ".1000001f", "1000001,"] {
        assert!(format_i64(1, spec).is_err(), "{spec}");
        assert!(format_float(1.0, spec).is_err(), "{spec}");
    }
    assert_eq!(show(format_str("a", "1000001")), "!Value: width too big");
    assert_eq!(format_i64(1, "1000000").unwrap().len(), 1_000_000);
    assert_eq!(
        show(format_i64(1, "99999999999999999999999")),
        "!Value: Too many decimal digits in format string"
    );
}

/// One argument of the mini runtime below.
#[derive(Clone)]
enum Arg {
    Int(BigInt),
    Float(f64),
    Str(String),
}

fn decode(tagged: &str) -> Arg {
    match tagged.split_at(2) {
        ("i:", v) => Arg::Int(BigInt::parse_radix(v, 10).unwrap()),
        ("f:", v) => Arg::Float(f64::from_bits(u64::from_str_radix(v, 16).unwrap())),
        ("s:", v) => Arg::Str(v.to_string()),
        _ => panic!("bad tag {tagged}"),
    }
}

/// A small stand-in for the runtime's `str % args`, enough to drive the API the way the
/// interpreter will: fetch `*` values and the argument, convert by type, render.
fn percent_format(fmt: &str, args: &str) -> Result<String, FormatError> {
    let mut positional: Vec<Arg> = Vec::new();
    let mut mapping: Vec<(String, Arg)> = Vec::new();
    let mut parts = args.split('\u{1}').filter(|p| !p.is_empty());
    let is_map = args.starts_with("map");
    if is_map {
        parts.next();
        for kv in parts {
            let (k, v) = kv.split_once('=').unwrap();
            mapping.push((k.to_string(), decode(v)));
        }
    } else {
        positional = parts.map(decode).collect();
    }
    let mut next = positional.into_iter();
    let mut out = String::new();
    let type_error = |m: &str| FormatError::value(format!("TypeError {m}"));
    for piece in percent::parse(fmt) {
        let spec = match piece? {
            Piece::Literal(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Conversion(spec) => spec,
        };
        let mut star = || match next.next() {
            Some(Arg::Int(i)) => Ok(i.to_i64()),
            _ => Err(type_error("* wants int")),
        };
        let w = if spec.width == Some(Count::Star) {
            star()?
        } else {
            None
        };
        let p = if spec.precision == Some(Count::Star) {
            star()?
        } else {
            None
        };
        let conv = spec.resolve(w, p)?;
        let arg = match spec.key {
            Some(k) => mapping
                .iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone()),
            None => next.next(),
        }
        .ok_or_else(|| type_error("not enough arguments"))?;
        let text = match (conv.conversion, arg) {
            ('s' | 'r' | 'a', Arg::Str(s)) if conv.conversion == 's' => {
                percent::render_str(&conv, &s)
            }
            ('r' | 'a', Arg::Str(s)) => percent::render_str(&conv, &format!("'{s}'")),
            ('s' | 'r' | 'a', Arg::Int(i)) => percent::render_str(&conv, &i.to_string()),
            ('s' | 'r' | 'a', Arg::Float(x)) => percent::render_str(&conv, &float_repr(x)),
            ('c', Arg::Int(i)) => percent::render_char_code(&conv, i.to_i64().unwrap_or(i64::MAX))?,
            ('c', Arg::Str(s)) => percent::render_char(&conv, s.chars().next().unwrap()),
            ('d' | 'i' | 'u', Arg::Float(x)) => percent::render_int(&conv, &BigInt::from_f64(x)),
            ('d' | 'i' | 'u' | 'o' | 'x' | 'X', Arg::Int(i)) => match i.to_i64() {
                Some(v) => percent::render_i64(&conv, v),
                None => percent::render_int(&conv, &i),
            },
            (_, Arg::Int(i)) => percent::render_float(&conv, i.to_f64()),
            (_, Arg::Float(x)) => percent::render_float(&conv, x),
            _ => return Err(type_error("bad argument type")),
        };
        out.push_str(&text);
    }
    Ok(out)
}

#[test]
fn percent_matches_cpython() {
    for &(fmt, args, want) in PERCENT {
        assert_eq!(show(percent_format(fmt, args)), want, "{fmt:?} % {args:?}");
    }
}

#[test]
fn percent_pieces() {
    let pieces: Vec<_> = percent::parse("a%%b%(k)-+ #012.3lfc%*.*d")
        .map(Result::unwrap)
        .collect();
    assert_eq!(pieces.len(), 6);
    assert_eq!(pieces[0], Piece::Literal("a"));
    assert_eq!(pieces[1], Piece::Literal("%"));
    assert_eq!(pieces[2], Piece::Literal("b"));
    let Piece::Conversion(spec) = &pieces[3] else {
        panic!()
    };
    assert_eq!(spec.key, Some("k"));
    assert!(
        spec.flags.left && spec.flags.plus && spec.flags.space && spec.flags.alt && spec.flags.zero
    );
    assert_eq!(
        (spec.width, spec.precision, spec.conversion),
        (Some(Count::Given(12)), Some(Count::Given(3)), 'f')
    );
    assert_eq!(pieces[4], Piece::Literal("c"));
    let Piece::Conversion(spec) = &pieces[5] else {
        panic!()
    };
    assert_eq!(spec.star_count(), 2);
    // After an error the iterator stops.
    let mut it = percent::parse("%y%d");
    assert!(it.next().unwrap().is_err());
    assert!(it.next().is_none());
    assert_eq!(
        show(percent_format("%1000001d", "i:1")),
        "!Value: width too big"
    );
    assert_eq!(
        show(percent_format("%.1000001f", "f:3ff0000000000000")),
        "!Value: precision too big"
    );
    assert_eq!(
        show(percent_format("%*d", "i:-1000001\u{1}i:1")),
        "!Value: width too big"
    );
}

#[test]
fn conformance_corpus_calls() {
    for &(tagged, spec, want) in CONFORMANCE {
        let got = match decode(tagged) {
            Arg::Int(i) => format_int(&i, spec),
            Arg::Float(x) => format_float(x, spec),
            Arg::Str(s) => format_str(&s, spec),
        };
        assert_eq!(show(got), want, "format({tagged}, {spec:?})");
    }
    for &(bits, want) in REPRS {
        assert_eq!(float_repr(f64::from_bits(bits)), want);
    }
}

/// xorshift64: a fixed pseudo-random stream, so failures reproduce.
fn rng(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

#[test]
fn random_specs_never_panic() {
    const ALPHABET: &[char] = &[
        '<', '>', '^', '=', '+', '-', ' ', 'z', '#', '0', '1', '9', ',', '_', '.', 'd', 'x', 'X',
        'b', 'o', 'c', 'n', 'e', 'E', 'f', 'F', 'g', 'G', '%', 's', 'r', '*', '(', ')', 'é',
        '\u{1}', 'l', 'h',
    ];
    let mut next = rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = (next() % 8) as usize;
        let spec: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let x = f64::from_bits(next());
        let _ = format_float(x, &spec);
        let _ = format_i64(next() as i64, &spec);
        let _ = format_int(&BigInt::from_i128((next() as i128) << 40), &spec);
        let _ = format_str("añb", &spec);
        let fmt = format!("a%{spec}|%(k){spec}");
        for piece in percent::parse(&fmt) {
            let Ok(Piece::Conversion(c)) = piece else {
                continue;
            };
            let Ok(conv) = c.resolve(Some(next() as i64 % 50), Some(next() as i64 % 50)) else {
                continue;
            };
            let _ = percent::render_float(&conv, x);
            let _ = percent::render_i64(&conv, next() as i64);
            let _ = percent::render_str(&conv, "añb");
            let _ = percent::render_char_code(&conv, next() as i64 % 0x120000);
        }
    }
}

#[test]
fn random_floats_round_trip() {
    let mut next = rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let x = f64::from_bits(next());
        if x.is_nan() {
            continue;
        }
        let r = float_repr(x);
        assert_eq!(
            super::float_repr::parse_python_float(&r).map(f64::to_bits),
            Some(x.to_bits()),
            "{r}"
        );
        assert_eq!(format_float(x, "").unwrap(), r);
        // 17 significant digits always identify a double.
        let g = format_float(x, ".17g").unwrap();
        assert_eq!(g.parse::<f64>().map(f64::to_bits), Ok(x.to_bits()), "{g}");
        let e = format_float(x, ".16e").unwrap();
        assert_eq!(e.parse::<f64>().map(f64::to_bits), Ok(x.to_bits()), "{e}");
    }
}

#[test]
fn random_text_never_panics_the_parsers() {
    const ALPHABET: &[char] = &[
        '0', '1', '7', '9', 'a', 'f', 'z', 'x', 'o', 'b', 'X', '_', '-', '+', ' ', '.', 'e', 'é',
        'n', 'i',
    ];
    let mut next = rng(0x1234_5678_9abc_def1);
    for _ in 0..20_000 {
        let len = (next() % 10) as usize;
        let text: String = (0..len)
            .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
            .collect();
        let base = [0, 2, 8, 10, 16, 36, 1, 37][(next() % 8) as usize];
        if let Some(v) = super::bigint::parse_python_int(&text, base) {
            // Whatever parsed must print back to the same value.
            let radix = if base == 0 { 10 } else { base };
            if !text.contains(['x', 'o', 'b', 'X']) || radix > 11 {
                let again = BigInt::parse_radix(&v.to_string_radix(radix), radix);
                assert_eq!(again, Some(v), "{text:?} base {base}");
            }
        }
        let _ = super::float_repr::parse_python_float(&text);
        let _ = BigInt::parse_radix(&text, base);
    }
}

#[test]
fn random_floats_match_cpython() {
    for &(bits, repr, spec, want) in RANDOM_FLOATS {
        let x = f64::from_bits(bits);
        assert_eq!(float_repr(x), repr);
        assert_eq!(
            show(format_float(x, spec)),
            want,
            "format({repr}, {spec:?})"
        );
    }
}

#[test]
fn random_specs_match_cpython() {
    for &(tagged, spec, want) in RANDOM_SPECS {
        let got = match decode(tagged) {
            Arg::Int(i) => format_int(&i, spec),
            Arg::Float(x) => format_float(x, spec),
            Arg::Str(s) => format_str(&s, spec),
        };
        assert_eq!(show(got), want, "format({tagged}, {spec:?})");
    }
}

#[test]
fn random_percent_matches_cpython() {
    for &(fmt, args, want) in RANDOM_PERCENT {
        assert_eq!(show(percent_format(fmt, args)), want, "{fmt:?} % {args:?}");
    }
}
