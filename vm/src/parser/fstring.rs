//! f-string bodies (PEP 498, with the 3.8 `{x=}` form): literal pieces with their escapes
//! decoded, and replacement fields whose expressions are lexed and parsed again on their own.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use super::Parser;
use crate::ast::{FStringPart, Line, SyntaxError};
use crate::lexer::{self, Tok};

type PResult<T> = Result<T, SyntaxError>;

/// CPython allows a replacement field in a format spec, but no deeper (`{x:{y:{z}}}` is an
/// error).
const MAX_SPEC_NESTING: u32 = 2;

/// Moves `lit` into `parts` as a literal piece, if it holds anything.
fn flush(lit: &mut String, parts: &mut Vec<FStringPart>) {
    if !lit.is_empty() {
        parts.push(FStringPart::Literal(core::mem::take(lit)));
    }
}

/// The byte length of the character starting at `i`, or 1 past the end.
fn char_len(body: &str, i: usize) -> usize {
    body.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// An error inside a replacement field's expression (as opposed to in the f-string's own
/// syntax), which keeps its position.
struct FieldError(SyntaxError);

/// State shared by the pieces of one f-string token.
struct Body<'b> {
    text: &'b str,
    /// Where `text` starts in the source.
    base: usize,
    raw: bool,
    /// Line the body starts on.
    line: Line,
    /// Where the f-string token is, for errors.
    token: super::Pos,
}

impl Parser<'_> {
    /// Appends the pieces of the f-string body `src[start..end]` (token `token`, starting on
    /// `line`) to `parts`; `lit` carries the pending literal text across adjacent string tokens.
    pub(super) fn fstring(
        &mut self,
        (start, end, raw, line): (usize, usize, bool, Line),
        token: super::Pos,
        parts: &mut Vec<FStringPart>,
        lit: &mut String,
    ) -> PResult<()> {
        let text = self.src.get(start..end).unwrap_or("");
        let body = Body {
            text,
            base: start,
            raw,
            line,
            token,
        };
        let stop = self.fstring_pieces(&body, 0, 0, parts, lit)?;
        if stop < text.len() {
            return Err(self.error_at(token, "f-string: single '}' is not allowed"));
        }
        Ok(())
    }

    /// Parses literal text and fields from `i` until the end of the body or, when `nesting` > 0
    /// (inside a format spec), until an unmatched `}`; returns where it stopped.
    fn fstring_pieces(
        &mut self,
        body: &Body<'_>,
        mut i: usize,
        nesting: u32,
        parts: &mut Vec<FStringPart>,
        lit: &mut String,
    ) -> PResult<usize> {
        let bytes = body.text.as_bytes();
        let mut seg_start = i;
        while let Some(&b) = bytes.get(i) {
            match b {
                // A backslash does not escape a brace: `\{x}` is a backslash and a field.
                b'\\' if !body.raw && !matches!(bytes.get(i + 1), Some(b'{' | b'}')) => {
                    if bytes.get(i + 1) == Some(&b'N') {
                        return Err(self.error_at(
                            body.token,
                            "(unicode error) \\N{...} escapes are not supported",
                        ));
                    }
                    i += 1 + char_len(body.text, i + 1);
                }
                b'{' if nesting == 0 && bytes.get(i + 1) == Some(&b'{') => {
                    self.push_literal(body, seg_start, i + 1, lit)?;
                    i += 2;
                    seg_start = i;
                }
                b'}' if nesting == 0 && bytes.get(i + 1) == Some(&b'}') => {
                    self.push_literal(body, seg_start, i + 1, lit)?;
                    i += 2;
                    seg_start = i;
                }
                b'{' => {
                    self.push_literal(body, seg_start, i, lit)?;
                    i = self.fstring_field(body, i + 1, nesting, parts, lit)?;
                    seg_start = i;
                }
                b'}' => break,
                _ => i += 1,
            }
        }
        let stop = i.min(bytes.len());
        self.push_literal(body, seg_start, stop, lit)?;
        Ok(stop)
    }

    fn push_literal(
        &self,
        body: &Body<'_>,
        from: usize,
        to: usize,
        lit: &mut String,
    ) -> PResult<()> {
        let piece = body.text.get(from..to).unwrap_or("");
        if body.raw {
            lit.push_str(piece);
            Ok(())
        } else {
            lexer::decode_str(piece, lit).map_err(|m| self.error_at(body.token, m))
        }
    }

    /// One replacement field, starting just after its `{`; returns the index after its `}`.
    fn fstring_field(
        &mut self,
        body: &Body<'_>,
        start: usize,
        nesting: u32,
        parts: &mut Vec<FStringPart>,
        lit: &mut String,
    ) -> PResult<usize> {
        if nesting >= MAX_SPEC_NESTING {
            return Err(self.error_at(body.token, "f-string: expressions nested too deeply"));
        }
        let bytes = body.text.as_bytes();
        let expecting = |p: &Self| p.error_at(body.token, "f-string: expecting '}'");
        // Find where the expression ends: at a top-level `}`, `!`, `:` or a `=` that is not part
        // of an operator, skipping brackets and nested string literals.
        let mut depth = 0u32;
        let mut i = start;
        let mut self_doc = false;
        loop {
            let Some(&b) = bytes.get(i) else {
                return Err(expecting(self));
            };
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b'}' => break,
                b'!' if depth == 0 && bytes.get(i + 1) != Some(&b'=') => break,
                b':' if depth == 0 => break,
                b'=' if depth == 0 => {
                    let prev = if i > start {
                        bytes.get(i - 1).copied()
                    } else {
                        None
                    };
                    let next = bytes.get(i + 1).copied();
                    if next == Some(b'=') {
                        i += 1; // `==`: skip both.
                    } else if !matches!(prev, Some(b'=' | b'!' | b'<' | b'>')) {
                        self_doc = true;
                        break;
                    }
                }
                b'\'' | b'"' => {
                    i = self.skip_nested_string(body, i)?;
                    continue;
                }
                b'\\' => {
                    return Err(self.error_at(
                        body.token,
                        "f-string expression part cannot include a backslash",
                    ));
                }
                b'#' => {
                    return Err(
                        self.error_at(body.token, "f-string expression part cannot include '#'")
                    );
                }
                _ => {}
            }
            i += 1;
        }
        let expr_text = body.text.get(start..i).unwrap_or("");
        if expr_text.trim().is_empty() {
            return Err(self.error_at(body.token, "f-string: empty expression not allowed"));
        }
        let newlines = body
            .text
            .get(..start)
            .map_or(0, |s| s.bytes().filter(|&b| b == b'\n').count());
        let line = body
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        let value = self.field_expression(body.base + start, expr_text.len(), line)?;

        if self_doc {
            // `{x = }` prints its own text, spaces included, then the value.
            i += 1;
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            lit.push_str(body.text.get(start..i).unwrap_or(""));
        }
        let mut conversion = None;
        if bytes.get(i) == Some(&b'!') {
            match bytes.get(i + 1) {
                Some(&c @ (b'r' | b's' | b'a')) => conversion = Some(char::from(c)),
                _ => {
                    return Err(self.error_at(
                        body.token,
                        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ));
                }
            }
            i += 2;
        }
        let mut format_spec = Vec::new();
        let has_spec = bytes.get(i) == Some(&b':');
        if has_spec {
            let mut spec_lit = String::new();
            i = self.fstring_pieces(body, i + 1, nesting + 1, &mut format_spec, &mut spec_lit)?;
            flush(&mut spec_lit, &mut format_spec);
        }
        if bytes.get(i) != Some(&b'}') {
            return Err(expecting(self));
        }
        if self_doc && conversion.is_none() && !has_spec {
            conversion = Some('r');
        }
        flush(lit, parts);
        parts.push(FStringPart::Field {
            value: Box::new(value),
            conversion,
            format_spec,
        });
        Ok(i + 1)
    }

    /// Skips a string literal inside a field expression; returns the index after it.
    fn skip_nested_string(&self, body: &Body<'_>, start: usize) -> PResult<usize> {
        let bytes = body.text.as_bytes();
        let quote = bytes.get(start).copied().unwrap_or(b'"');
        let triple = bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
        let mut i = start + if triple { 3 } else { 1 };
        loop {
            match bytes.get(i) {
                None => {
                    return Err(self.error_at(body.token, "f-string: unterminated string"));
                }
                Some(&b) if b == quote => {
                    if !triple {
                        return Ok(i + 1);
                    }
                    if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                        return Ok(i + 3);
                    }
                    i += 1;
                }
                Some(_) => i += 1,
            }
        }
    }

    /// Lexes and parses a field's expression (`text`, at byte `offset` of the source) as if
    /// it stood in parentheses.
    fn field_expression(
        &mut self,
        offset: usize,
        len: usize,
        line: Line,
    ) -> PResult<crate::ast::Expr> {
        let lexer = lexer::Lexer::for_field(self.src, offset, offset + len, line);
        let mut sub = Parser::new(self.src, lexer, self.ctx, self.depth);
        let value = sub.enter().and_then(|()| {
            let value = if sub.is_kw(crate::lexer::Kw::Yield) {
                sub.yield_expr()?
            } else {
                sub.star_expressions()?
            };
            if !matches!(sub.tok(), Tok::Eof) {
                return Err(sub.error("f-string: invalid syntax"));
            }
            Ok(value)
        });
        // The field's own deferred error joins this parser's, to be reported only if the
        // whole parse succeeds.
        let value = sub.finish_nested(value).map_err(|mut e| {
            // CPython names where inside the field it failed, and says it was in an f-string.
            if !e.message.starts_with("f-string") {
                e.message = alloc::format!("f-string: {}", e.message);
            }
            FieldError(e)
        });
        let value = match value {
            Ok(v) => v,
            Err(FieldError(e)) => {
                self.in_field_error = true;
                return Err(e);
            }
        };
        if let Some(e) = sub.deferred.take() {
            self.deferred.get_or_insert(e);
        }
        Ok(value)
    }
}
