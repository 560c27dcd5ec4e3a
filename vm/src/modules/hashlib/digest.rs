//! SHA-256 (FIPS 180-4), SHA-1 (FIPS 180-4) and MD5 (RFC 1321), written from the
//! specifications. A running hash is a fixed-size byte state (chaining words, the partial
//! block, the message length) so that it can live in a bytearray on the GC heap.
//! The round constants are derived as the specifications define them (roots of primes,
//! sines) rather than typed in; the known-answer tests below pin them.

use alloc::vec::Vec;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Sha256,
    Sha1,
    Md5,
}

/// Bytes of state: up to 8 chaining words, a 64-byte block buffer, the length in bytes.
pub const STATE_LEN: usize = 32 + 64 + 8;
const BUF: usize = 32;
const LEN: usize = 96;

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "sha256" => Some(Kind::Sha256),
            "sha1" => Some(Kind::Sha1),
            "md5" => Some(Kind::Md5),
            _ => None,
        }
    }

    fn words(self) -> usize {
        match self {
            Kind::Sha256 => 8,
            Kind::Sha1 => 5,
            Kind::Md5 => 4,
        }
    }

    /// MD5 stores its words and length little-endian, the SHAs big-endian.
    fn big_endian(self) -> bool {
        self != Kind::Md5
    }
}

fn primes(n: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(n);
    let mut k = 2u32;
    while out.len() < n {
        if (2..k)
            .take_while(|d| d * d <= k)
            .all(|d| !k.is_multiple_of(d))
        {
            out.push(k);
        }
        k += 1;
    }
    out
}

/// The first 32 bits of the fractional part of `x`.
fn frac32(x: f64) -> u32 {
    ((x - libm::floor(x)) * 4_294_967_296.0) as u32
}

fn initial(kind: Kind) -> [u32; 8] {
    let mut h = [0u32; 8];
    match kind {
        Kind::Sha256 => {
            for (w, p) in h.iter_mut().zip(primes(8)) {
                *w = frac32(libm::sqrt(f64::from(p)));
            }
        }
        Kind::Sha1 | Kind::Md5 => {
            h[..5].copy_from_slice(&[
                0x6745_2301,
                0xefcd_ab89,
                0x98ba_dcfe,
                0x1032_5476,
                0xc3d2_e1f0,
            ]);
        }
    }
    h
}

/// A fresh state for `kind`.
pub fn new_state(kind: Kind) -> [u8; STATE_LEN] {
    let mut s = [0u8; STATE_LEN];
    store_words(kind, &mut s, &initial(kind));
    s
}

fn load_words(state: &[u8]) -> [u32; 8] {
    let mut h = [0u32; 8];
    for (i, w) in h.iter_mut().enumerate() {
        let b = state.get(4 * i..4 * i + 4).unwrap_or(&[0; 4]);
        *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    }
    h
}

fn store_words(_kind: Kind, state: &mut [u8], h: &[u32; 8]) {
    for (i, w) in h.iter().enumerate() {
        if let Some(b) = state.get_mut(4 * i..4 * i + 4) {
            b.copy_from_slice(&w.to_le_bytes());
        }
    }
}

struct Constants {
    k: [u32; 64],
}

impl Constants {
    fn new(kind: Kind) -> Constants {
        let mut k = [0u32; 64];
        match kind {
            Kind::Sha256 => {
                for (w, p) in k.iter_mut().zip(primes(64)) {
                    *w = frac32(libm::cbrt(f64::from(p)));
                }
            }
            Kind::Md5 => {
                for (i, w) in k.iter_mut().enumerate() {
                    *w = (libm::fabs(libm::sin((i + 1) as f64)) * 4_294_967_296.0) as u32;
                }
            }
            Kind::Sha1 => {}
        }
        Constants { k }
    }
}

fn compress(kind: Kind, c: &Constants, h: &mut [u32; 8], block: &[u8; 64]) {
    match kind {
        Kind::Sha256 => sha256_block(c, h, block),
        Kind::Sha1 => sha1_block(h, block),
        Kind::Md5 => md5_block(c, h, block),
    }
}

fn sha256_block(c: &Constants, h: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 64];
    for (i, chunk) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut cc, mut d, mut e, mut f, mut g, mut hh] = *h;
    for (ki, wi) in c.k.iter().zip(w.iter()) {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(*ki)
            .wrapping_add(*wi);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & cc) ^ (b & cc);
        let t2 = s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = cc;
        cc = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, cc, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

fn sha1_block(h: &mut [u32; 8], block: &[u8; 64]) {
    let mut w = [0u32; 80];
    for (i, chunk) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for i in 16..80 {
        w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e, ..] = *h;
    for (i, wi) in w.iter().enumerate() {
        let (f, k) = match i / 20 {
            0 => ((b & c) | (!b & d), 0x5a82_7999),
            1 => (b ^ c ^ d, 0x6ed9_eba1),
            2 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
            _ => (b ^ c ^ d, 0xca62_c1d6),
        };
        let t = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*wi);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = t;
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
        *x = x.wrapping_add(y);
    }
}

fn md5_block(c: &Constants, h: &mut [u32; 8], block: &[u8; 64]) {
    const SHIFTS: [[u32; 4]; 4] = [
        [7, 12, 17, 22],
        [5, 9, 14, 20],
        [4, 11, 16, 23],
        [6, 10, 15, 21],
    ];
    let mut m = [0u32; 16];
    for (i, chunk) in block.chunks_exact(4).enumerate() {
        m[i] = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    let [mut a, mut b, mut cc, mut d, ..] = *h;
    for i in 0..64 {
        let (f, g) = match i / 16 {
            0 => ((b & cc) | (!b & d), i),
            1 => ((d & b) | (!d & cc), (5 * i + 1) % 16),
            2 => (b ^ cc ^ d, (3 * i + 5) % 16),
            _ => (cc ^ (b | !d), (7 * i) % 16),
        };
        let t = a.wrapping_add(f).wrapping_add(c.k[i]).wrapping_add(m[g]);
        a = d;
        d = cc;
        cc = b;
        b = b.wrapping_add(t.rotate_left(SHIFTS[i / 16][i % 4]));
    }
    for (x, y) in h.iter_mut().zip([a, b, cc, d]) {
        *x = x.wrapping_add(y);
    }
}

fn length(state: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    if let Some(s) = state.get(LEN..LEN + 8) {
        b.copy_from_slice(s);
    }
    u64::from_le_bytes(b)
}

/// Feeds `data` into a running state (`STATE_LEN` bytes; anything else is left alone).
pub fn update(kind: Kind, state: &mut [u8], data: &[u8]) {
    if state.len() != STATE_LEN {
        return;
    }
    let c = Constants::new(kind);
    let mut h = load_words(state);
    let total = length(state);
    let mut fill = (total % 64) as usize;
    let mut block = [0u8; 64];
    block[..fill].copy_from_slice(&state[BUF..BUF + fill]);
    for &byte in data {
        block[fill] = byte;
        fill += 1;
        if fill == 64 {
            compress(kind, &c, &mut h, &block);
            fill = 0;
        }
    }
    state[BUF..BUF + fill].copy_from_slice(&block[..fill]);
    state[LEN..LEN + 8].copy_from_slice(&total.wrapping_add(data.len() as u64).to_le_bytes());
    store_words(kind, state, &h);
}

/// The digest of the data fed so far (the state itself is unchanged).
pub fn finish(kind: Kind, state: &[u8]) -> Vec<u8> {
    let mut s = [0u8; STATE_LEN];
    if state.len() == STATE_LEN {
        s.copy_from_slice(state);
    }
    let bits = length(&s).wrapping_mul(8);
    let fill = (length(&s) % 64) as usize;
    // 0x80, zeros to 56 mod 64, then the length in bits.
    let pad_len = if fill < 56 { 56 - fill } else { 120 - fill };
    let mut pad = alloc::vec![0u8; pad_len];
    pad[0] = 0x80;
    update(kind, &mut s, &pad);
    let len_bytes = if kind.big_endian() {
        bits.to_be_bytes()
    } else {
        bits.to_le_bytes()
    };
    update(kind, &mut s, &len_bytes);
    let h = load_words(&s);
    let mut out = Vec::with_capacity(4 * kind.words());
    for w in &h[..kind.words()] {
        if kind.big_endian() {
            out.extend_from_slice(&w.to_be_bytes());
        } else {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(kind: Kind, parts: &[&[u8]]) -> alloc::string::String {
        let mut s = new_state(kind);
        for p in parts {
            update(kind, &mut s, p);
        }
        finish(kind, &s)
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn known_answers() {
        let long = [b'a'; 1000];
        let cases: &[(Kind, &[&[u8]], &str)] = &[
            (
                Kind::Sha256,
                &[b""],
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                Kind::Sha256,
                &[b"abc"],
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                Kind::Sha256,
                &[
                    b"abcdbcdecdefdefgefghfghighijhijkijkl",
                    b"jklmklmnlmnomnopnopq",
                ],
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
            ),
            (
                Kind::Sha1,
                &[b""],
                "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            ),
            (
                Kind::Sha1,
                &[b"ab", b"c"],
                "a9993e364706816aba3e25717850c26c9cd0d89d",
            ),
            (Kind::Md5, &[b""], "d41d8cd98f00b204e9800998ecf8427e"),
            (Kind::Md5, &[b"abc"], "900150983cd24fb0d6963f7d28e17f72"),
            (
                Kind::Md5,
                &[b"The quick brown fox jumps over the lazy dog"],
                "9e107d9d372bb6826bd81d3542a419d6",
            ),
        ];
        for (kind, parts, want) in cases {
            assert_eq!(hex(*kind, parts), *want, "{kind:?}");
        }
        // A million 'a's in uneven pieces crosses every block boundary case.
        let mut s = new_state(Kind::Sha256);
        for _ in 0..1000 {
            update(Kind::Sha256, &mut s, &long);
        }
        let d: alloc::string::String = finish(Kind::Sha256, &s)
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect();
        assert_eq!(
            d,
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }
}
