//! Connections resolved into nets: a union-find over part pins. Pins of one part that are
//! the same conductor (`GND.1`/`GND.2`, a pushbutton's `1.l`/`1.r`) are joined first.

use std::collections::BTreeMap;

/// Union-find over pin keys.
#[derive(Default)]
pub struct NetBuilder {
    keys: BTreeMap<(usize, String), usize>,
    parent: Vec<usize>,
}

impl NetBuilder {
    /// The node of pin `pin` of part number `part` (made on first use).
    pub fn node(&mut self, part: usize, pin: &str) -> usize {
        let key = (part, pin.to_string());
        if let Some(n) = self.keys.get(&key) {
            return *n;
        }
        let n = self.parent.len();
        self.parent.push(n);
        self.keys.insert(key, n);
        n
    }

    fn find(&mut self, mut n: usize) -> usize {
        while let Some(&p) = self.parent.get(n) {
            if p == n {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(n) {
                *slot = gp;
            }
            n = p;
        }
        n
    }

    pub fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(ra)
        {
            *slot = rb;
        }
    }

    /// Numbers the nets densely: for each (part, pin) key, its net.
    pub fn finish(mut self) -> (usize, BTreeMap<(usize, String), usize>) {
        let mut ids = BTreeMap::new();
        let mut out = BTreeMap::new();
        let keys: Vec<((usize, String), usize)> =
            self.keys.iter().map(|(k, v)| (k.clone(), *v)).collect();
        for (key, node) in keys {
            let root = self.find(node);
            let next = ids.len();
            let id = *ids.entry(root).or_insert(next);
            out.insert(key, id);
        }
        (ids.len(), out)
    }
}

/// A union-find over net numbers, for the nets a closed switch joins at one moment.
pub struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    pub fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut n: usize) -> usize {
        while let Some(&p) = self.parent.get(n) {
            if p == n {
                break;
            }
            n = p;
        }
        n
    }

    pub fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb
            && let Some(slot) = self.parent.get_mut(ra)
        {
            *slot = rb;
        }
    }
}
