//! The namespace's table: each declared name's symbol, filed under the
//! name's hash. The names themselves are not copied: the model checks a
//! symbol found against its declaration's name, and a name whose hash
//! another name already has (rare) is filed aside under a copy.
//!
//! The table is open addressing with linear probing, kept at most half
//! full: a look-up is a multiply, a shift and usually one comparison (every
//! reference of a playbook is looked up once).

use rustc_hash::FxHashMap;

use super::Symbol;

/// What each declared name declares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// `None` for a free slot.
    slots: Vec<Option<(u64, Symbol)>>,
    /// How many slots are taken.
    len: usize,
    /// Names whose hash another name has, by name.
    pub(super) collided: FxHashMap<String, Symbol>,
}

impl Names {
    /// Room for `additional` more names without growing.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = (self.len + additional).saturating_mul(2).max(16);
        if needed > self.slots.len() {
            self.grow_to(needed.next_power_of_two());
        }
    }

    /// The slot to probe first for `hash` (the table's length is a power of
    /// two): the top bits of a Fibonacci multiply.
    fn home(&self, hash: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        if bits == 0 {
            return 0;
        }
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The symbol filed under `hash`.
    pub(super) fn get(&self, hash: u64) -> Option<Symbol> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut index = self.home(hash);
        // At most half full: a free slot ends every probe.
        loop {
            match self.slots.get(index)? {
                Some((filed, symbol)) if *filed == hash => return Some(*symbol),
                Some(_) => index = (index + 1) & mask,
                None => return None,
            }
        }
    }

    /// Files `symbol` under `hash`; returns what was filed there before.
    pub(super) fn insert(&mut self, hash: u64, symbol: Symbol) -> Option<Symbol> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow_to((self.slots.len() * 2).max(16));
        }
        let mask = self.slots.len().wrapping_sub(1);
        let mut index = self.home(hash);
        loop {
            let slot = self.slots.get_mut(index)?;
            match slot {
                Some((filed, old)) if *filed == hash => {
                    return Some(std::mem::replace(old, symbol));
                }
                Some(_) => index = (index + 1) & mask,
                None => {
                    *slot = Some((hash, symbol));
                    self.len += 1;
                    return None;
                }
            }
        }
    }

    fn grow_to(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![None; size]);
        self.len = 0;
        for (hash, symbol) in old.into_iter().flatten() {
            self.insert(hash, symbol);
        }
    }

    /// Every symbol filed, in no particular order.
    pub(super) fn symbols(&self) -> impl Iterator<Item = Symbol> + '_ {
        self.slots
            .iter()
            .flatten()
            .map(|&(_, symbol)| symbol)
            .chain(self.collided.values().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ConversationId;

    #[test]
    fn every_hash_filed_is_found_and_replaced() {
        let mut names = Names::default();
        assert_eq!(names.get(7), None);
        names.reserve(3);
        // Hashes that share their home slot probe on; the table grows
        // past half full.
        let hashes: Vec<u64> = (0..200u64).map(|k| k << 58 | k).collect();
        for (index, &hash) in hashes.iter().enumerate() {
            let symbol = Symbol::Conversation(ConversationId(index));
            assert_eq!(names.insert(hash, symbol), None);
        }
        for (index, &hash) in hashes.iter().enumerate() {
            assert_eq!(
                names.get(hash),
                Some(Symbol::Conversation(ConversationId(index)))
            );
        }
        assert_eq!(names.get(12345), None);
        let replaced = names.insert(hashes[3], Symbol::Conversation(ConversationId(999)));
        assert_eq!(replaced, Some(Symbol::Conversation(ConversationId(3))));
        assert_eq!(names.symbols().count(), 200);
    }
}
