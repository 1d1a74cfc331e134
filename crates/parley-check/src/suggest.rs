//! Did-you-mean: the names nearest to a misspelt one (strsim).

/// The candidates close enough to `name` to suggest, nearest first, at most
/// three. Close means a Damerau-Levenshtein distance of at most one edit per
/// four characters (one at least, three at most), ignoring case.
pub fn nearest<'a>(name: &str, pool: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let spell = |candidate| candidate;
    Pool::new(pool, spell).nearest(name, spell)
}

/// Names prepared for many did-you-mean searches: each item's spelling in
/// lower case, one after another in one buffer, with its length in
/// characters. A search reads the buffer in order rather than each name
/// where it is kept, and lowers no name twice.
pub struct Pool<T> {
    /// Every spelling in lower case, end to end.
    lower: String,
    /// By item: where its lower-case spelling ends in `lower`, its
    /// characters and the kinds of characters it holds.
    entries: Vec<Entry>,
    items: Vec<T>,
}

/// One spelling of a [`Pool`].
struct Entry {
    /// Where the spelling ends in [`Pool::lower`].
    end: u32,
    /// Its length in characters.
    chars: u32,
    /// The kinds of characters it holds ([`kinds_of_characters`]).
    kinds: u64,
}

impl<T: Copy> Pool<T> {
    /// A pool of `items`, each spelt by `spell`, in the order given (the
    /// order that settles between equally near items).
    pub fn new<'a>(items: impl IntoIterator<Item = T>, spell: impl Fn(T) -> &'a str) -> Self {
        let mut pool = Pool {
            lower: String::new(),
            entries: Vec::new(),
            items: Vec::new(),
        };
        for item in items {
            let spelling = spell(item);
            // Names are mostly lower-case ASCII already: no copy for those.
            if spelling
                .bytes()
                .any(|byte| byte.is_ascii_uppercase() || !byte.is_ascii())
            {
                pool.lower.push_str(&spelling.to_lowercase());
            } else {
                pool.lower.push_str(spelling);
            }
            let start = pool.entries.last().map_or(0, |entry| entry.end as usize);
            let lower = &pool.lower[start..];
            let (Ok(end), Ok(chars)) = (
                u32::try_from(pool.lower.len()),
                u32::try_from(char_count(lower)),
            ) else {
                // Past 4 GiB of names the rest are not offered.
                pool.lower.truncate(start);
                break;
            };
            let kinds = kinds_of_characters(lower);
            pool.entries.push(Entry { end, chars, kinds });
            pool.items.push(item);
        }
        pool
    }

    /// The items close enough to `name` ([`nearest`]), nearest first, at
    /// most three. `spell` must spell them as when the pool was made; it is
    /// asked only of the items near enough to be ranked.
    pub fn nearest<'a>(&self, name: &str, spell: impl Fn(T) -> &'a str) -> Vec<T> {
        let lower = name.to_lowercase();
        let lower_chars = char_count(&lower);
        let lower_kinds = kinds_of_characters(&lower);
        let mut scored: Vec<Scored<'_, 'a, T>> = Vec::new();
        let mut best = BestThree::default();
        let mut counts = [0; 128];
        let mut start = 0;
        for (entry, &item) in self.entries.iter().zip(&self.items) {
            let (from, end) = (start, entry.end as usize);
            start = end;
            let Some(candidate) = self.lower.get(from..end) else {
                continue;
            };
            let candidate_chars = entry.chars as usize;
            let longest = lower_chars.max(candidate_chars);
            let allowed = (1 + longest / 4).min(3);
            // The distance is at least the difference in length, the kinds
            // of characters one has and the other lacks, and the bag
            // distance: past what is allowed (a prefix match is allowed
            // any) or past the third nearest so far, it cannot be offered.
            // Only a prefix match can be longer than allowed: the cheap
            // bounds come first, the prefix is looked at only if needed.
            let short_enough = lower_chars.abs_diff(candidate_chars) <= allowed
                && !kinds_apart_more_than(lower_kinds, entry.kinds, allowed);
            // A prefix holds no kind of character the whole lacks.
            let could_be_prefix = longest >= 4
                && lower_chars.min(candidate_chars) >= 3
                && (lower_kinds & !entry.kinds == 0 || entry.kinds & !lower_kinds == 0);
            if !short_enough && !could_be_prefix {
                continue;
            }
            let (prefix, own, other) = without_common_affix(&lower, candidate);
            let prefix_match =
                could_be_prefix && (prefix == lower.len() || prefix == candidate.len());
            let within = if prefix_match {
                best.farthest()
            } else if short_enough {
                allowed.min(best.farthest())
            } else {
                continue;
            };
            if lower_chars.abs_diff(candidate_chars) > within
                || kinds_apart_more_than(lower_kinds, entry.kinds, within)
                || bag_distance(own, other, &mut counts).is_some_and(|bag| bag > within)
            {
                continue;
            }
            let distance = edit_distance(own, other);
            if distance > within || (distance >= longest && !prefix_match) {
                continue;
            }
            let spelling = spell(item);
            if spelling == name {
                continue;
            }
            best.insert(distance, spelling);
            scored.push((distance, spelling, candidate, item));
        }
        best_three(&lower, scored)
    }
}

/// The distances of the three nearest spellings found so far, each
/// spelling once: a candidate farther than the third cannot be offered.
#[derive(Default)]
struct BestThree<'a> {
    nearest: [(usize, &'a str); 3],
    found: usize,
}

impl<'a> BestThree<'a> {
    /// How far a candidate may be and still be offered.
    fn farthest(&self) -> usize {
        match self.found {
            3 => self.nearest[2].0,
            _ => usize::MAX,
        }
    }

    fn insert(&mut self, distance: usize, spelling: &'a str) {
        let found = &self.nearest[..self.found];
        if found.iter().any(|&(_, seen)| seen == spelling) {
            return;
        }
        let at = found.partition_point(|&(near, _)| near <= distance);
        if at == 3 {
            return;
        }
        self.found = (self.found + 1).min(3);
        self.nearest[at..].rotate_right(1);
        self.nearest[at] = (distance, spelling);
    }
}

/// A candidate close enough: its distance, spelling, spelling in lower
/// case and item.
type Scored<'p, 'a, T> = (usize, &'a str, &'p str, T);

/// The three nearest of `scored`: by distance, then by higher Jaro-Winkler
/// similarity to `lower`, then by spelling, each spelling once. The
/// similarity is found only for the candidates as near as the third.
fn best_three<T: Copy>(lower: &str, mut scored: Vec<Scored<'_, '_, T>>) -> Vec<T> {
    scored.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    let Some(third) = scored.get(2).or(scored.last()).map(|scored| scored.0) else {
        return Vec::new();
    };
    scored.retain(|scored| scored.0 <= third);
    let mut ranked: Vec<(usize, u64, &str, T)> = scored
        .into_iter()
        .map(|(distance, spelling, candidate, item)| {
            let similarity = similarity(lower, candidate);
            let rank = ((1.0 - similarity) * 1_000_000.0) as u64;
            (distance, rank, spelling, item)
        })
        .collect();
    ranked.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    ranked
        .into_iter()
        .take(3)
        .map(|(_, _, _, item)| item)
        .collect()
}

/// The kinds of characters `text` holds, a bit each: each ASCII letter and
/// digit, `-`, `_`, and one bit for all else.
fn kinds_of_characters(text: &str) -> u64 {
    text.bytes().fold(0, |kinds, byte| {
        let bit = match byte {
            b'a'..=b'z' => byte - b'a',
            b'0'..=b'9' => 26 + (byte - b'0'),
            b'-' => 36,
            b'_' => 37,
            _ => 63,
        };
        kinds | 1 << bit
    })
}

/// Whether two texts holding the kinds of characters `a` and `b`
/// ([`kinds_of_characters`]) are more than `limit` edits apart by those
/// kinds alone: each kind one holds and the other lacks is at least one
/// character to insert, delete or change.
fn kinds_apart_more_than(a: u64, b: u64, limit: usize) -> bool {
    more_bits_than(a & !b, limit) || more_bits_than(b & !a, limit)
}

/// Whether more than `limit` bits of `bits` are set, found by clearing at
/// most `limit` of them (the limits are small, and the processors parley
/// is built for need not count bits in one instruction).
fn more_bits_than(mut bits: u64, limit: usize) -> bool {
    for _ in 0..limit {
        if bits == 0 {
            return false;
        }
        bits &= bits - 1;
    }
    bits != 0
}

/// The Jaro-Winkler similarity of two names: of their bytes when both are
/// ASCII (the same figure, without decoding characters), else of their
/// characters.
fn similarity(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(a.as_bytes()), &Bytes(b.as_bytes()))
    } else {
        strsim::jaro_winkler(a, b)
    }
}

/// An ASCII name's bytes, as strsim's generic measures read them.
struct Bytes<'t>(&'t [u8]);

impl<'t> IntoIterator for &Bytes<'t> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'t, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
}

/// The characters of `text` (its bytes that do not continue a character).
fn char_count(text: &str) -> usize {
    text.bytes().filter(|&byte| (byte & 0xC0) != 0x80).count()
}

/// `a` and `b` without the characters they start and end with alike, and
/// the length in bytes of their common start. Neither end changes an edit
/// distance, and the rest is what the distance must look at.
fn without_common_affix<'s>(a: &'s str, b: &'s str) -> (usize, &'s str, &'s str) {
    let mut prefix = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    let mut suffix = a_rest
        .bytes()
        .rev()
        .zip(b_rest.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count();
    while !a_rest.is_char_boundary(a_rest.len() - suffix) {
        suffix -= 1;
    }
    (
        prefix,
        &a_rest[..a_rest.len() - suffix],
        &b_rest[..b_rest.len() - suffix],
    )
}

/// The Damerau-Levenshtein distance of two names, mostly asked without
/// their common affix ([`without_common_affix`]), where the rest is often a
/// character or two. Those short cases are counted here, without strsim's
/// tables: an empty side costs the other's characters; one character costs
/// the other's but one if the other holds it; two against two is a
/// transposition or a change per differing place.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a_chars, b_chars) = (char_count(a), char_count(b));
    match (a_chars, b_chars) {
        (0, _) | (_, 0) => a_chars + b_chars,
        (1, _) => b_chars - usize::from(b.contains(a)),
        (_, 1) => a_chars - usize::from(a.contains(b)),
        (2, 2) => {
            let mut chars = a.chars().chain(b.chars());
            let [a0, a1, b0, b1] = std::array::from_fn(|_| chars.next().unwrap_or_default());
            if a0 != a1 && (a0, a1) == (b1, b0) {
                1
            } else {
                usize::from(a0 != b0) + usize::from(a1 != b1)
            }
        }
        _ => strsim::damerau_levenshtein(a, b),
    }
}

/// A lower bound of the edit distance between two ASCII names: the letters
/// one has that the other lacks, counted with repeats (each insertion,
/// deletion or substitution changes that by at most one, a transposition
/// not at all). `None` for other text. `counts` is all zero before and
/// after, so one table serves a whole search.
fn bag_distance(a: &str, b: &str, counts: &mut [i32; 128]) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    for byte in a.bytes() {
        if let Some(count) = counts.get_mut(usize::from(byte)) {
            *count += 1;
        }
    }
    for byte in b.bytes() {
        if let Some(count) = counts.get_mut(usize::from(byte)) {
            *count -= 1;
        }
    }
    // Each letter's surplus once (then cleared): the names' letters, not
    // the whole alphabet, are visited.
    let mut surplus = |text: &str, sign: i32| {
        let mut total = 0usize;
        for byte in text.bytes() {
            if let Some(count) = counts.get_mut(usize::from(byte)) {
                if *count * sign > 0 {
                    total += count.unsigned_abs() as usize;
                    *count = 0;
                }
            }
        }
        total
    };
    let only_a = surplus(a, 1);
    let only_b = surplus(b, -1);
    Some(only_a.max(only_b))
}

/// The single nearest candidate, however far, for closed sets of values
/// (`buyer`/`seller`, the levels).
pub fn closest<'a>(name: &str, pool: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    pool.into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&lower, &candidate.to_lowercase());
            let similarity = strsim::jaro_winkler(&lower, &candidate.to_lowercase());
            (
                distance,
                ((1.0 - similarity) * 1_000_000.0) as u64,
                candidate,
            )
        })
        .min()
        .map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_transpositions() {
        let pool = ["dana", "omar", "priya", "sam"];
        assert_eq!(nearest("dnaa", pool), vec!["dana"]);
        assert_eq!(nearest("Priya", pool), vec!["priya"]);
        assert!(nearest("zzzz", pool).is_empty());
    }

    #[test]
    fn the_bag_distance_never_exceeds_the_edit_distance() {
        for (a, b) in [
            ("dana", "dnaa"),
            ("discovery", "discover-more"),
            ("economic-buyer", "econmic-buyre"),
            ("abc", "xyz"),
            ("", "abc"),
        ] {
            let bag = bag_distance(a, b, &mut [0; 128]).unwrap();
            assert!(bag <= strsim::damerau_levenshtein(a, b), "{a} {b}");
        }
        assert_eq!(bag_distance("abc", "xyz", &mut [0; 128]), Some(3));
        assert_eq!(bag_distance("é", "e", &mut [0; 128]), None);
    }

    #[test]
    fn a_pool_returns_the_items_whose_spellings_are_nearest() {
        let items = [
            (7, "discovery"),
            (8, "discover-more"),
            (9, "Delivery"),
            (10, "dana"),
        ];
        let pool = Pool::new(items, |(_, name)| name);
        assert_eq!(pool.lower, "discoverydiscover-moredeliverydana");
        let by_item: Vec<u32> = pool
            .nearest("discovry", |(_, name)| name)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let names = items.map(|(_, name)| name);
        let by_name: Vec<u32> = nearest("discovry", names)
            .into_iter()
            .filter_map(|name| items.iter().find(|(_, n)| *n == name).map(|(id, _)| *id))
            .collect();
        assert_eq!(by_item, by_name);
        assert_eq!(by_item.first(), Some(&7));
        // Searched again, the same pool answers the same; case is ignored.
        assert_eq!(pool.nearest("delivry", |(_, name)| name), [(9, "Delivery")]);
        assert_eq!(
            pool.nearest("DELIVERY", |(_, name)| name),
            [(9, "Delivery")]
        );
        assert!(pool.nearest("zzzz", |(_, name)| name).is_empty());
        assert!(
            Pool::new([], |name: &str| name)
                .nearest("dana", |name| name)
                .is_empty()
        );
    }

    #[test]
    fn the_best_three_so_far_keep_each_spelling_once() {
        let mut best = BestThree::default();
        assert_eq!(best.farthest(), usize::MAX);
        best.insert(2, "b");
        best.insert(3, "c");
        best.insert(2, "b");
        assert_eq!(best.farthest(), usize::MAX, "one spelling twice is one");
        best.insert(1, "a");
        assert_eq!(best.farthest(), 3);
        best.insert(0, "z");
        assert_eq!(best.nearest.map(|(distance, _)| distance), [0, 1, 2]);
        best.insert(2, "y");
        assert_eq!(best.farthest(), 2);
        assert_eq!(best.nearest.map(|(_, spelling)| spelling), ["z", "a", "b"]);
    }

    /// Every string of up to five letters over a three-letter alphabet
    /// (and one accented letter), in order.
    fn small_strings() -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|text| ["a", "b", "é"].map(|letter| format!("{text}{letter}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn a_common_start_and_end_leave_the_edit_distance_as_it_is() {
        let strings = small_strings();
        let mut counts = [0; 128];
        for a in &strings {
            for b in &strings {
                let (prefix, own, other) = without_common_affix(a, b);
                assert!(a[..prefix] == b[..prefix], "{a} {b}");
                let distance = strsim::damerau_levenshtein(a, b);
                assert_eq!(edit_distance(a, b), distance, "{a:?} {b:?}");
                assert_eq!(
                    edit_distance(own, other),
                    distance,
                    "{a:?} {b:?} without their affix: {own:?} {other:?}"
                );
                // Without the affix the bound is the same, and found for
                // more pairs (those whose accents were all in the affix).
                let bag = bag_distance(own, other, &mut counts);
                let whole = bag_distance(a, b, &mut counts);
                assert!(counts.iter().all(|&count| count == 0), "{a} {b}");
                if whole.is_some() {
                    assert_eq!(bag, whole, "{a} {b}");
                }
                assert!(bag.is_none_or(|bag| bag <= distance), "{a} {b}");
                let exactly = similarity(a, b) == strsim::jaro_winkler(a, b);
                assert!(exactly, "{a} {b}");
                let (a_kinds, b_kinds) = (kinds_of_characters(a), kinds_of_characters(b));
                assert!(
                    !kinds_apart_more_than(a_kinds, b_kinds, distance),
                    "{a} {b}"
                );
            }
        }
        assert_eq!(without_common_affix("ab", "xab"), (0, "", "x"));
        assert_eq!(without_common_affix("é", "è"), (0, "é", "è"));
        assert_eq!(without_common_affix("deal-1q", "deal-12"), (6, "q", "2"));
    }

    #[test]
    fn kinds_of_characters_one_name_lacks_are_edits() {
        // The kinds apart, found as the least limit they are not above.
        let kinds = |a: &str, b: &str| {
            let (a, b) = (kinds_of_characters(a), kinds_of_characters(b));
            (0..=64)
                .find(|&limit| !kinds_apart_more_than(a, b, limit))
                .unwrap_or(usize::MAX)
        };
        // b, u, n, a, 5, 4, q against d, o, v, r, y, 1, 2.
        assert_eq!(kinds("business-case-54q", "discovery-12"), 7);
        assert_eq!(kinds("deal-1", "deal_1"), 1);
        assert_eq!(kinds("dana", "nada"), 0);
        assert_eq!(kinds("abcdefghijklmnopqrstuvwxyz0123456789-_", ""), 38);
        // Every character past ASCII letters, digits, `-` and `_` is one
        // kind: a lower bound still, never more than the edits.
        assert_eq!(kinds("démo", "dèmo"), 0);
        assert_eq!(kinds("démo", "demo"), 1);
        for (a, b) in [("a.b", "a b"), ("zz", "Zz"), ("", "éé")] {
            assert!(kinds(a, b) <= strsim::damerau_levenshtein(a, b), "{a} {b}");
        }
        assert!(!more_bits_than(u64::MAX, usize::MAX));
        assert!(more_bits_than(u64::MAX, 63));
    }

    /// [`nearest`] as it reads without shortcuts: every candidate's full
    /// distance and similarity, all sorted.
    fn nearest_plainly<'a>(name: &str, pool: &[&'a str]) -> Vec<&'a str> {
        let lower = name.to_lowercase();
        let mut scored: Vec<(usize, u64, &'a str)> = Vec::new();
        for &candidate in pool {
            if candidate == name {
                continue;
            }
            let candidate_lower = candidate.to_lowercase();
            let (own, other) = (lower.chars().count(), candidate_lower.chars().count());
            let longest = own.max(other);
            let allowed = (1 + longest / 4).min(3);
            let prefix_match = longest >= 4
                && (candidate_lower.starts_with(&lower) || lower.starts_with(&candidate_lower))
                && own.min(other) >= 3;
            let distance = strsim::damerau_levenshtein(&lower, &candidate_lower);
            if (distance <= allowed && distance < longest) || prefix_match {
                let similarity = strsim::jaro_winkler(&lower, &candidate_lower);
                scored.push((
                    distance,
                    ((1.0 - similarity) * 1_000_000.0) as u64,
                    candidate,
                ));
            }
        }
        scored.sort();
        scored.dedup_by(|a, b| a.2 == b.2);
        scored
            .into_iter()
            .take(3)
            .map(|(_, _, candidate)| candidate)
            .collect()
    }

    #[test]
    fn nearest_agrees_with_the_plain_search() {
        let mut pool: Vec<String> = Vec::new();
        for stem in [
            "discovery",
            "business-case",
            "Démo",
            "legal-review",
            "ab",
            "İzmir",
            "Straße",
            "日本-語",
        ] {
            pool.push(stem.to_string());
            for number in 1..=75 {
                pool.push(format!("{stem}-{number}"));
            }
        }
        pool.push("discovery-7".to_string());
        pool.push("Discovery-8".to_string());
        let pool: Vec<&str> = pool.iter().map(String::as_str).collect();
        let mut queries = 0;
        // Every other name misspelt seven ways (the plain search is slow
        // without optimisation, as tests are built).
        for name in pool.iter().step_by(2) {
            for misspelt in [
                format!("{name}q"),
                name.chars().skip(1).collect::<String>(),
                name.replacen('-', "", 1),
                name.replacen("s", "ss", 1),
                name.to_uppercase(),
                name.chars().rev().collect::<String>(),
                name.to_string(),
            ] {
                assert_eq!(
                    nearest(&misspelt, pool.iter().copied()),
                    nearest_plainly(&misspelt, &pool),
                    "{misspelt}"
                );
                queries += 1;
            }
        }
        assert_eq!(pool.len(), 8 * 76 + 2);
        assert_eq!(queries, 7 * pool.len().div_ceil(2));
        assert_eq!(
            nearest("discovery-7q", pool.iter().copied()),
            ["discovery-7", "discovery-70", "discovery-71"]
        );
    }

    #[test]
    fn nearest_first() {
        let pool = ["discovery", "discover-more", "delivery"];
        assert_eq!(nearest("discovry", pool).first(), Some(&"discovery"));
    }

    #[test]
    fn closest_always_answers_for_a_closed_set() {
        assert_eq!(closest("buyr", ["buyer", "seller"]), Some("buyer"));
        assert!(closest("extreme", ["none", "low", "medium", "high"]).is_some());
    }
}
