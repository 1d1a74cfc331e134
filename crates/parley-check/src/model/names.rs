//! The namespace's table: each declared name's symbol, filed under the
//! name's hash, with the name's spelling in one text the table owns (every
//! name end to end), so that checking a symbol found against the name
//! looked up reads that small text, not the declaration's record. A name
//! whose hash another name already has (rare) is filed aside under a copy.
//!
//! The table is open addressing with linear probing, kept at most half
//! full: a look-up is a multiply, a shift and usually one comparison (every
//! reference of a playbook is looked up once). A slot is one `u64`: 32 bits
//! of the hash and the symbol in the other 32, so a playbook's whole table
//! stays in the processor's cache longer (a million names take 16 MB of
//! slots at three words each, 4 MB at one). A symbol's spelling is found
//! by its kind and id, one entry a name.

use rustc_hash::FxHashMap;

use super::{CommitmentId, ConversationId, StakeholderId, Symbol};

/// From this many slots (4 MiB of table, from about 130,000 names, a
/// playbook of about 22 MB) the table no longer stays in the processor's
/// caches while a check runs, and each name's slot is brought in ahead of
/// its look-up. Below, bringing it in costs more than the miss it saves:
/// hashing each name twice made resolving names 10 to 15 per cent slower
/// at 1 MB and 10 MB, even at 20 MB (2 MiB of table), while at 30 MB it
/// was 20 per cent faster and at 50 MB a third.
const PREFETCH_FROM_SLOTS: usize = 1 << 19;

/// What each declared name declares.
#[derive(Clone, Debug, Default)]
pub(crate) struct Names {
    /// `0` for a free slot, else a hash's tag above a packed symbol.
    slots: Vec<u64>,
    /// By symbol kind (stakeholders, conversations, commitments), then
    /// by id: where the symbol's name is in [`Names::text`], its start
    /// above its length (dense: one entry a name, not one a slot).
    spellings: [Vec<u64>; 3],
    /// Every filed name, end to end.
    text: String,
    /// How many slots are taken.
    len: usize,
    /// `64 - log2(slots.len())`: the shift that makes a home slot.
    shift: u32,
    /// Names whose hash another name has, or whose symbol does not pack
    /// (an id of 2^30 or more), by name.
    collided: FxHashMap<String, Symbol>,
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

/// Whether two names are equal: for the usual lengths (4 to 16 bytes), two
/// overlapping words of each are compared in place of a call to compare
/// bytes (every reference is checked this way once its hash is found).
#[inline]
pub(super) fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let len = a.len();
    fn word<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
        bytes.get(at..at + N)?.try_into().ok()
    }
    match len {
        8..=16 => {
            let tail = len - 8;
            word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, tail) == word::<8>(b, tail)
        }
        4..=7 => {
            let tail = len - 4;
            word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, tail) == word::<4>(b, tail)
        }
        _ => a == b,
    }
}

impl Names {
    /// Room for more names without growing: `kinds` more stakeholders,
    /// conversations and commitments, `bytes` long together.
    pub(crate) fn reserve(&mut self, kinds: [usize; 3], bytes: usize) {
        let additional: usize = kinds.iter().sum();
        let needed = (self.len + additional).saturating_mul(2).max(16);
        if needed > self.slots.len() {
            self.grow_to(needed.next_power_of_two());
        }
        for (list, more) in self.spellings.iter_mut().zip(kinds) {
            list.reserve(more);
        }
        self.text.reserve(bytes);
    }

    /// The slot to probe first for `tag` (the table's length is a power of
    /// two, at least 16): the top bits of a Fibonacci multiply.
    #[inline]
    fn home(&self, tag: u32) -> usize {
        (u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Where the spelling filed for `packed` (a symbol as [`pack`] makes
    /// it) is in the text, its start above its length.
    #[inline]
    fn spelling_of(&self, packed: u32) -> Option<u64> {
        let kind = (packed >> 30) as usize;
        let id = (packed & ((1 << 30) - 1)) as usize;
        self.spellings
            .get(kind.wrapping_sub(1))
            .and_then(|list| list.get(id))
            .copied()
    }

    /// Files where `packed`'s spelling is.
    fn file_spelling(&mut self, packed: u32, spelling: u64) {
        let kind = (packed >> 30) as usize;
        let id = (packed & ((1 << 30) - 1)) as usize;
        let Some(list) = self.spellings.get_mut(kind.wrapping_sub(1)) else {
            return;
        };
        // Ids are handed out in order: the next one is the usual.
        if list.len() == id {
            list.push(spelling);
            return;
        }
        if list.len() < id {
            list.resize(id + 1, 0);
        }
        if let Some(slot) = list.get_mut(id) {
            *slot = spelling;
        }
    }

    /// The spelling filed for `packed` (a symbol as [`pack`] makes it).
    #[inline]
    fn spelling(&self, packed: u32) -> &str {
        let Some(at) = self.spelling_of(packed) else {
            return "";
        };
        let start = (at >> 32) as usize;
        let len = (at & u64::from(u32::MAX)) as usize;
        self.text.get(start..start + len).unwrap_or("")
    }

    /// The slot holding `tag`, or the free slot where it would go.
    #[inline(always)]
    fn probe(&self, tag: u32) -> Option<(usize, u64)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut index = self.home(tag);
        // At most half full: a free slot ends every probe.
        loop {
            let slot = *self.slots.get(index)?;
            if slot == 0 || slot_tag(slot) == tag {
                return Some((index, slot));
            }
            index = (index + 1) & mask;
        }
    }

    /// Whether the table is too large for the processor's caches to keep
    /// between look-ups ([`PREFETCH_FROM_SLOTS`]).
    pub(super) fn outgrows_cache(&self) -> bool {
        self.slots.len() >= PREFETCH_FROM_SLOTS
    }

    /// Asks the processor to bring the slot `hash` is probed at first into
    /// its cache, for a look-up or a declaration a few names later.
    #[inline(always)]
    pub(super) fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        if !self.slots.is_empty() {
            let index = self.home(tag(hash)) & (self.slots.len() - 1);
            let slot = self.slots.as_ptr().wrapping_add(index);
            // SAFETY: a prefetch only hints at the cache: it reads nothing
            // the program sees and cannot fault, whatever the address (here
            // one inside the table); x86-64 always has SSE.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(slot.cast());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = hash;
    }

    /// What `name` (whose hash is `hash`) declares.
    #[inline(always)]
    pub(super) fn lookup(&self, name: &str, hash: u64) -> Option<Symbol> {
        match self.probe(tag(hash)) {
            Some((_, slot)) if slot != 0 && same_name(self.spelling(slot as u32), name) => {
                Some(slot_symbol(slot))
            }
            _ if self.collided.is_empty() => None,
            _ => self.collided.get(name).copied(),
        }
    }

    /// Files `symbol` under `name` (whose hash is `hash`), replacing what
    /// the name declared before.
    pub(super) fn declare(&mut self, name: &str, hash: u64, symbol: Symbol) {
        let (Some(packed), Ok(start), Ok(len)) = (
            pack(symbol),
            u32::try_from(self.text.len()),
            u32::try_from(name.len()),
        ) else {
            self.collided.insert(name.to_string(), symbol);
            return;
        };
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow_to((self.slots.len() * 2).max(16));
        }
        let tag = tag(hash);
        let Some((index, old)) = self.probe(tag) else {
            self.collided.insert(name.to_string(), symbol);
            return;
        };
        let new = u64::from(tag) << 32 | u64::from(packed);
        if old == 0 {
            // One probe in the common case: the hash is new.
            self.text.push_str(name);
            self.file_spelling(packed, u64::from(start) << 32 | u64::from(len));
            if let Some(slot) = self.slots.get_mut(index) {
                *slot = new;
                self.len += 1;
            }
        } else if self.spelling(old as u32) == name {
            // The same name declared again (a built-in commitment
            // replaced, under the same id): the spelling is filed already.
            if let Some(spelling) = self.spelling_of(old as u32) {
                self.file_spelling(packed, spelling);
            }
            if let Some(slot) = self.slots.get_mut(index) {
                *slot = new;
            }
        } else {
            // Another name has this hash: it keeps it, and this one is
            // filed aside.
            self.collided.insert(name.to_string(), symbol);
        }
    }

    fn grow_to(&mut self, size: usize) {
        let old_slots = std::mem::replace(&mut self.slots, vec![0; size]);
        self.shift = 64 - size.trailing_zeros();
        for slot in old_slots.into_iter().filter(|&slot| slot != 0) {
            if let Some((index, _)) = self.probe(slot_tag(slot)) {
                if let Some(new_slot) = self.slots.get_mut(index) {
                    *new_slot = slot;
                }
            }
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
    fn every_name_filed_is_found_and_replaced() {
        let mut names = Names::default();
        assert_eq!(names.lookup("x", 7), None);
        names.reserve([0, 3, 0], 0);
        // Hashes that share their home slot probe on; the table grows
        // past half full.
        let hashes: Vec<u64> = (0..200u64).map(|k| k << 58 | k).collect();
        let spelled: Vec<String> = (0..200).map(|k| format!("name-{k}")).collect();
        for (index, &hash) in hashes.iter().enumerate() {
            let symbol = Symbol::Conversation(ConversationId(index));
            names.declare(&spelled[index], hash, symbol);
        }
        for (index, &hash) in hashes.iter().enumerate() {
            assert_eq!(
                names.lookup(&spelled[index], hash),
                Some(Symbol::Conversation(ConversationId(index)))
            );
            assert_eq!(names.lookup("other", hash), None);
        }
        assert_eq!(names.lookup("name-1", 12345), None);
        names.declare(
            "name-3",
            hashes[3],
            Symbol::Conversation(ConversationId(999)),
        );
        assert_eq!(
            names.lookup("name-3", hashes[3]),
            Some(Symbol::Conversation(ConversationId(999)))
        );
        assert_eq!(names.symbols().count(), 200);
    }

    #[test]
    fn a_name_whose_hash_is_taken_is_filed_aside() {
        let mut names = Names::default();
        let first = Symbol::Conversation(ConversationId(1));
        let second = Symbol::Conversation(ConversationId(2));
        names.declare("alpha", 42, first);
        names.declare("beta", 42, second);
        assert_eq!(names.lookup("alpha", 42), Some(first));
        assert_eq!(names.lookup("beta", 42), Some(second));
        assert_eq!(names.lookup("gamma", 42), None);
        assert_eq!(names.symbols().count(), 2);
    }

    #[test]
    fn only_a_table_past_its_threshold_outgrows_the_cache() {
        let mut names = Names::default();
        // An empty table has no slot to bring in.
        names.prefetch(7);
        assert!(!names.outgrows_cache());
        names.reserve([1_000, 1_000, 100], 20_000);
        assert!(!names.outgrows_cache());
        // A table keeps twice as many slots as names.
        names.reserve([PREFETCH_FROM_SLOTS / 4, 0, 0], 0);
        assert_eq!(names.slots.len(), PREFETCH_FROM_SLOTS / 2);
        assert!(!names.outgrows_cache());
        names.reserve([PREFETCH_FROM_SLOTS / 2, 0, 0], 0);
        assert_eq!(names.slots.len(), PREFETCH_FROM_SLOTS);
        assert!(names.outgrows_cache());
        // Bringing a slot in changes nothing the table answers.
        let symbol = Symbol::Stakeholder(StakeholderId(4));
        names.declare("dana", 99, symbol);
        for hash in [0, 99, u64::MAX] {
            names.prefetch(hash);
        }
        assert_eq!(names.lookup("dana", 99), Some(symbol));
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
        let mut names = Names::default();
        names.declare("big", 7, too_big);
        assert_eq!(names.lookup("big", 7), Some(too_big));
        assert_eq!(names.slots.iter().filter(|&&slot| slot != 0).count(), 0);
    }
}
