//! Tab completion for the friendly REPL: which names the embedder is asked for, how the answer is
//! turned into inserted text or a printed list. A port of `mp_repl_autocomplete` (py/repl.c); the
//! name lookup itself is the embedder's, through [`Completer`], so the REPL needs no interpreter.

use alloc::string::String;
use alloc::vec::Vec;

/// Where the names being completed live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// The globals of `__main__`. MicroPython looks only there (`pri<Tab>` does not complete
    /// `print`), so names brought in by `import` and assignments, and `__name__`.
    Globals,
    /// The attributes of the object named by this dotted path, looked up from `__main__`: `machine`
    /// for `machine.Pi`, `a.b` for `a.b.c`. Never empty, and no component is empty.
    Attributes(&'a str),
    /// Names of built-in modules, after `import ` at the start of the line.
    Modules,
}

/// The embedder's answer to "which names exist here?".
///
/// Contract: return the names visible in `scope`; returning only those starting with `partial` is
/// an optimization, not a requirement. The REPL filters by `partial`, hides names starting with
/// `_` when `partial` is empty (as MicroPython does), drops names that are not printable ASCII,
/// and sorts and deduplicates the rest. When the path of [`Scope::Attributes`] does not resolve,
/// return nothing. The lookup must not run Python code with side effects visible to the user
/// beyond what MicroPython's `mp_load_method_protected` would (properties may run).
pub trait Completer {
    fn complete(&self, scope: Scope<'_>, partial: &str) -> Vec<String>;
}

/// A completer that knows no names: Tab then only indents.
pub struct NoCompletion;

impl Completer for NoCompletion {
    fn complete(&self, _: Scope<'_>, _: &str) -> Vec<String> {
        Vec::new()
    }
}

impl<F: Fn(Scope<'_>, &str) -> Vec<String>> Completer for F {
    fn complete(&self, scope: Scope<'_>, partial: &str) -> Vec<String> {
        self(scope, partial)
    }
}

/// What Tab did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Completion {
    /// No candidate, or the typed word is already complete.
    Nothing,
    /// Insert these bytes at the cursor: the rest of the only match, or the longest common prefix.
    Insert(Vec<u8>),
    /// Several candidates were printed on lines of their own; the caller redraws prompt and line.
    Listed,
}

const IMPORT: &[u8] = b"import ";
/// py/repl.c prints candidates in 16-column slots on lines of at most 64 columns.
const WORD_SLOT_LEN: usize = 16;
const MAX_LINE_LEN: usize = 4 * WORD_SLOT_LEN;

/// Completes the word that ends `line` (the current physical line up to the cursor).
pub(crate) fn complete(line: &[u8], completer: &dyn Completer, out: &mut Vec<u8>) -> Completion {
    // Scan back to the start of the `a.b.c` chain.
    let start = line
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.'))
        .map_or(0, |i| i + 1);
    let chain = line.get(start..).unwrap_or_default();
    // The chain is ASCII by construction, so these conversions cannot fail.
    let (path, partial) = match chain.iter().rposition(|&c| c == b'.') {
        Some(dot) => (
            core::str::from_utf8(chain.get(..dot).unwrap_or_default()).ok(),
            chain.get(dot + 1..).unwrap_or_default(),
        ),
        None => (None, chain),
    };
    let partial = core::str::from_utf8(partial).unwrap_or_default();
    let scope = match path {
        // `a..b` or `.b`: py/repl.c's lookup of the empty name fails, so nothing completes.
        Some(path) if path.split('.').any(str::is_empty) => return Completion::Nothing,
        Some(path) => Scope::Attributes(path),
        None if line.starts_with(IMPORT) => Scope::Modules,
        None => Scope::Globals,
    };

    let mut names: Vec<String> = completer
        .complete(scope, partial)
        .into_iter()
        .filter(|name| {
            name.starts_with(partial)
                && !(partial.is_empty() && name.starts_with('_'))
                && name.bytes().all(|c| (b' '..=b'~').contains(&c))
        })
        .collect();
    names.sort_unstable();
    names.dedup();

    let Some(first) = names.first() else {
        // Nothing matched: a first word that could still become `import` completes to it.
        let typed = partial.as_bytes();
        if path.is_none() && start == 0 && !typed.is_empty() && IMPORT.starts_with(typed) {
            return insert(IMPORT.get(typed.len()..).unwrap_or_default());
        }
        return Completion::Nothing;
    };
    let common = names.iter().fold(first.len(), |common, name| {
        first
            .bytes()
            .zip(name.bytes())
            .take(common)
            .take_while(|(a, b)| a == b)
            .count()
    });
    if names.len() == 1 || common > partial.len() {
        return insert(
            first
                .as_bytes()
                .get(partial.len()..common)
                .unwrap_or_default(),
        );
    }

    // py/repl.c `print_completions`; its `\n`s become `\r\n` on a serial console.
    let mut line_len = MAX_LINE_LEN; // forces a line break before the first name
    for name in &names {
        let mut gap = line_len.div_ceil(WORD_SLOT_LEN) * WORD_SLOT_LEN - line_len;
        if gap < 2 {
            gap += WORD_SLOT_LEN;
        }
        if line_len + gap + name.len() <= MAX_LINE_LEN {
            out.resize(out.len() + gap, b' ');
            out.extend_from_slice(name.as_bytes());
            line_len += gap + name.len();
        } else {
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(name.as_bytes());
            line_len = name.len();
        }
    }
    out.extend_from_slice(b"\r\n");
    Completion::Listed
}

fn insert(bytes: &[u8]) -> Completion {
    if bytes.is_empty() {
        Completion::Nothing
    } else {
        Completion::Insert(bytes.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn names(scope: Scope<'_>, _: &str) -> Vec<String> {
        let list: &[&str] = match scope {
            Scope::Globals => &["print", "pow", "machine", "_private", "__name__", "prints"],
            Scope::Attributes("machine") => &["Pin", "PWM", "Pin", "freq", "reset", "reset_cause"],
            Scope::Attributes(_) => &[],
            Scope::Modules => &["machine", "math", "micropython"],
        };
        list.iter().map(|s| s.to_string()).collect()
    }

    fn run(line: &str) -> (Completion, String) {
        let mut out = Vec::new();
        let completion = complete(line.as_bytes(), &names, &mut out);
        (completion, String::from_utf8(out).unwrap_or_default())
    }

    #[test]
    fn one_match_or_a_common_prefix_is_inserted() {
        assert_eq!(run("mac").0, Completion::Insert(b"hine".to_vec()));
        assert_eq!(
            run("x = machine.P"),
            (Completion::Listed, "\r\nPWM             Pin\r\n".into())
        );
        assert_eq!(run("machine.Pi").0, Completion::Insert(b"n".to_vec()));
        assert_eq!(run("machine.res").0, Completion::Insert(b"et".to_vec()));
        assert_eq!(run("pri").0, Completion::Insert(b"nt".to_vec()));
        assert_eq!(
            run("import mi").0,
            Completion::Insert(b"cropython".to_vec())
        );
        assert_eq!(run("im").0, Completion::Insert(b"port ".to_vec()));
        assert_eq!(run(" im").0, Completion::Nothing);
        assert_eq!(run("machine").0, Completion::Nothing);
        assert_eq!(run("print").0, Completion::Listed);
        assert_eq!(run("nothing.x").0, Completion::Nothing);
        assert_eq!(run("a..b").0, Completion::Nothing);
        assert_eq!(run("_p").0, Completion::Insert(b"rivate".to_vec()));
    }

    #[test]
    fn several_matches_print_in_sixteen_column_slots() {
        let (completion, out) = run("p");
        assert_eq!(completion, Completion::Listed);
        assert_eq!(out, "\r\npow             print           prints\r\n");
        // An empty word lists everything but the `_` names.
        let (_, out) = run("");
        assert_eq!(
            out,
            "\r\nmachine         pow             print           prints\r\n"
        );
        let (_, out) = run("import m");
        assert_eq!(out, "\r\nmachine         math            micropython\r\n");
    }

    #[test]
    fn long_names_wrap_at_64_columns() {
        let long = |_: Scope<'_>, _: &str| -> Vec<String> {
            vec![
                "a_very_long_name_number_one".into(),
                "a_very_long_name_number_two".into(),
                "ab".into(),
            ]
        };
        let mut out = Vec::new();
        assert_eq!(complete(b"a", &long, &mut out), Completion::Listed);
        assert_eq!(
            out,
            b"\r\na_very_long_name_number_one     a_very_long_name_number_two\r\nab\r\n"
        );
    }
}
