//! struct, re, binascii, hashlib, heapq, random and array under memory pressure: a program
//! using them all runs on heaps from tiny to ample and must end in its full output or in a
//! MemoryError, never a panic or another error. And patterns and formats made of random
//! characters must compile or be rejected, and run, without a panic.

use alloc::string::String;
use alloc::vec::Vec;

use super::stdlib_tests::{assert_output_or_memory_error, run};

const PROGRAM: &str = "\
import struct, re, binascii, hashlib, heapq, random, errno
from array import array
random.seed(3)
h = []
for i in range(30):
    heapq.heappush(h, random.randint(0, 1000))
rec = b''.join(struct.pack('<HhI', i, -i, heapq.heappop(h)) for i in range(30))
a = array('I', [struct.unpack_from('<HhI', rec, 8 * i)[2] for i in range(30)])
words = re.compile(r'[a-z]+(\\d*)').sub(lambda m: m.group(1) or '-', 'ab1 cd ef22 ' * 20)
d = hashlib.sha256(bytes(a) + words.encode()).digest()
print(len(rec), list(a) == sorted(a), len(words.split()), binascii.hexlify(d)[:8] == binascii.hexlify(d[:4]), errno.ENOENT)
";

const EXPECTED: &str = "240 True 60 True 2\n";

#[test]
fn modules_end_in_output_or_memory_error() {
    assert_output_or_memory_error(PROGRAM, EXPECTED, 4);
}

/// A small deterministic generator for the fuzz inputs.
fn lcg(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn random_patterns_never_panic() {
    use super::re::compile::compile;
    use super::re::exec::{Matcher, Subject};
    let alphabet: Vec<char> = "ab.*+?|()[]^$-\\dws{}:é0".chars().collect();
    let text = "aab-ba{}é0 wd\n".repeat(3);
    let mut seed = 1;
    for _ in 0..5000 {
        let len = lcg(&mut seed) % 12;
        let pat: Vec<u32> = (0..len)
            .map(|_| alphabet[(lcg(&mut seed) as usize) % alphabet.len()] as u32)
            .collect();
        let Ok(prog) = compile(&pat) else { continue };
        let s = Subject {
            data: text.as_bytes(),
            utf8: true,
            end: text.len(),
        };
        let pos = (lcg(&mut seed) as usize) % 4;
        let _ = Matcher::new(&prog).search(&s, pos, false, Some(pos));
    }
}

#[test]
fn random_struct_formats_never_panic() {
    let mut seed = 7;
    let codes: Vec<char> = "<>!=@xcbB?hHiIlLqQefds0123456789 z".chars().collect();
    let mut src = String::from("import struct\nfor f in [");
    for _ in 0..300 {
        let len = lcg(&mut seed) % 6;
        let f: String = (0..len)
            .map(|_| codes[(lcg(&mut seed) as usize) % codes.len()])
            .collect();
        src.push_str(&alloc::format!("{f:?}, "));
    }
    src.push_str(
        "]:\n    for call in (lambda: struct.calcsize(f), lambda: struct.unpack(f, bytes(64)), \
         lambda: struct.pack(f, *([1] * 3)), lambda: struct.unpack_from(f, b'abc', -2)):\n        \
         try:\n            call()\n        except (ValueError, TypeError, OverflowError):\n            \
         pass\nprint('done')\n",
    );
    let (out, tb) = run(&src, 128 * 1024);
    assert_eq!((out.as_str(), tb), ("done\n", None));
}
