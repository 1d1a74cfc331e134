//! The namespace's table: each declared name's symbol, filed under the
//! name's hash. The names themselves are not copied: the model checks a
//! symbol found against its declaration's name, and a name whose hash
//! another name already has (rare) is filed aside under a copy.
//!
//! The table is open addressing with linear probing, kept at most half
//! full: a look-up is a multiply, a shift and usually one comparison (every
//! reference of a playbook is looked up once). A slot is one `u64`: 32 bits
//! of the hash and the symbol in the other 32, so a playbook's whole table
//! stays in the processor's cache longer (a million names take 16 MB of
//! slots at three words each, 4 MB at one).

use rustc_hash::FxHashMap;

use super::{CommitmentId, ConversationId, StakeholderId, Symbol};

/// What each declared name declares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// `0` for a free slot, else a hash's tag above a packed symbol.
    slots: Vec<u64>,
    /// How many slots are taken.
    len: usize,
    /// Names whose hash another name has, or whose symbol does not pack
    /// (an id of 2^30 or more), by name.
    pub(super) collided: FxHashMap<String, Symbol>,
}

/// The 32 bits of a name's hash the table keeps.
fn tag(hash: u64) -> u32 {
    ((hash >> 32) ^ hash) as u32
}

/// A symbol in 32 bits: its kind (1 to 3, so a filed slot is never 0) in
/// the top two and its id below.
fn pack(symbol: Symbol) -> Option<u32> {
    let (kind, id) = match symbol {
        Symbol::Stakeholder(StakeholderId(id)) => (1, id),
        Symbol::Conversation(ConversationId(id)) => (2, id),
        Symbol::Commitment(CommitmentId(id)) => (3, id),
    };
    let id = u32::try_from(id).ok().filter(|&id| id < 1 << 30)?;
    Some(kind << 30 | id)
}

fn unpack(packed: u32) -> Symbol {
    let id = (packed & ((1 << 30) - 1)) as usize;
    match packed >> 30 {
        1 => Symbol::Stakeholder(StakeholderId(id)),
        2 => Symbol::Conversation(ConversationId(id)),
        _ => Symbol::Commitment(CommitmentId(id)),
    }
}

fn slot_tag(slot: u64) -> u32 {
    (slot >> 32) as u32
}

fn slot_symbol(slot: u64) -> Symbol {
    unpack(slot as u32)
}

impl Names {
    /// Whether `symbol` can be filed in the table; one that cannot goes to
    /// [`Names::collided`] (a playbook under the 4 GiB limit never has that
    /// many declarations).
    pub(super) fn fits(symbol: Symbol) -> bool {
        pack(symbol).is_some()
    }

    /// Room for `additional` more names without growing.
    pub(crate) fn reserve(&mut self, additional: usize) {
        let needed = (self.len + additional).saturating_mul(2).max(16);
        if needed > self.slots.len() {
            self.grow_to(needed.next_power_of_two());
        }
    }

    /// The slot to probe first for `tag` (the table's length is a power of
    /// two): the top bits of a Fibonacci multiply.
    fn home(&self, tag: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        if bits == 0 {
            return 0;
        }
        (u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// The symbol filed under `hash`.
    pub(super) fn get(&self, hash: u64) -> Option<Symbol> {
        let tag = tag(hash);
        let mask = self.slots.len().wrapping_sub(1);
        let mut index = self.home(tag);
        // At most half full: a free slot ends every probe.
        loop {
            match *self.slots.get(index)? {
                0 => return None,
                slot if slot_tag(slot) == tag => return Some(slot_symbol(slot)),
                _ => index = (index + 1) & mask,
            }
        }
    }

    /// Files `symbol` under `hash`; returns what was filed there before.
    /// A symbol that does not [fit](Names::fits) is not filed.
    pub(super) fn insert(&mut self, hash: u64, symbol: Symbol) -> Option<Symbol> {
        let packed = pack(symbol)?;
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow_to((self.slots.len() * 2).max(16));
        }
        self.file(tag(hash), packed)
    }

    fn file(&mut self, tag: u32, packed: u32) -> Option<Symbol> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut index = self.home(tag);
        let new = u64::from(tag) << 32 | u64::from(packed);
        loop {
            let slot = self.slots.get_mut(index)?;
            match *slot {
                0 => {
                    *slot = new;
                    self.len += 1;
                    return None;
                }
                old if slot_tag(old) == tag => {
                    *slot = new;
                    return Some(slot_symbol(old));
                }
                _ => index = (index + 1) & mask,
            }
        }
    }

    fn grow_to(&mut self, size: usize) {
        let old = std::mem::replace(&mut self.slots, vec![0; size]);
        self.len = 0;
        for slot in old.into_iter().filter(|&slot| slot != 0) {
            self.file(slot_tag(slot), slot as u32);
        }
    }

    /// Every symbol filed, in no particular order.
    pub(super) fn symbols(&self) -> impl Iterator<Item = Symbol> + '_ {
        self.slots
            .iter()
            .filter(|&&slot| slot != 0)
            .map(|&slot| slot_symbol(slot))
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

    #[test]
    fn symbols_pack_into_32_bits_and_back() {
        for symbol in [
            Symbol::Stakeholder(StakeholderId(0)),
            Symbol::Conversation(ConversationId(12_345)),
            Symbol::Commitment(CommitmentId((1 << 30) - 1)),
        ] {
            let packed = pack(symbol).expect("fits");
            assert_ne!(packed, 0);
            assert_eq!(unpack(packed), symbol);
        }
        let too_big = Symbol::Conversation(ConversationId(1 << 30));
        assert!(!Names::fits(too_big));
        let mut names = Names::default();
        assert_eq!(names.insert(7, too_big), None);
        assert_eq!(names.get(7), None);
    }
}
