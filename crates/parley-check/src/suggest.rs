//! Did-you-mean: the names nearest to a misspelt one (strsim).

/// The candidates close enough to `name` to suggest, nearest first, at most
/// three. Close means a Damerau-Levenshtein distance of at most one edit per
/// four characters (one at least, three at most), ignoring case.
pub fn nearest<'a>(name: &str, pool: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    nearest_by(name, pool, |candidate| candidate)
}

/// [`nearest`] over items of any kind, each spelt by `spell`: the items
/// whose spellings are close enough, nearest first, at most three.
pub fn nearest_by<'a, T: Copy>(
    name: &str,
    pool: impl IntoIterator<Item = T>,
    spell: impl Fn(T) -> &'a str,
) -> Vec<T> {
    let lower = name.to_lowercase();
    let lower_chars = lower.chars().count();
    let mut scored: Vec<(usize, u64, &'a str, T)> = Vec::new();
    for item in pool {
        let candidate = spell(item);
        if candidate == name {
            continue;
        }
        // Names are mostly lower-case ASCII already: no copy for those.
        let candidate_lower: std::borrow::Cow<'a, str> = if candidate
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            candidate.to_lowercase().into()
        } else {
            candidate.into()
        };
        let candidate_chars = candidate_lower.chars().count();
        let longest = lower_chars.max(candidate_chars);
        let allowed = (1 + longest / 4).min(3);
        let prefix_match = longest >= 4
            && (candidate_lower.starts_with(&lower) || lower.starts_with(&*candidate_lower))
            && lower_chars.min(candidate_chars) >= 3;
        // The distance is at least the difference in length: past what is
        // allowed, only a prefix match can make a candidate.
        if !prefix_match
            && (lower_chars.abs_diff(candidate_chars) > allowed
                || bag_distance(&lower, &candidate_lower).is_some_and(|bag| bag > allowed))
        {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&lower, &candidate_lower);
        if (distance <= allowed && distance < longest) || prefix_match {
            // Higher Jaro-Winkler first among equal distances.
            let similarity = strsim::jaro_winkler(&lower, &candidate_lower);
            let rank = ((1.0 - similarity) * 1_000_000.0) as u64;
            scored.push((distance, rank, candidate, item));
        }
    }
    scored.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    scored.dedup_by(|a, b| a.2 == b.2);
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, _, item)| item)
        .collect()
}

/// A lower bound of the edit distance between two ASCII names: the letters
/// one has that the other lacks, counted with repeats (each insertion,
/// deletion or substitution changes that by at most one, a transposition
/// not at all). `None` for other text.
fn bag_distance(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut counts = [0i32; 128];
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
            let bag = bag_distance(a, b).unwrap();
            assert!(bag <= strsim::damerau_levenshtein(a, b), "{a} {b}");
        }
        assert_eq!(bag_distance("abc", "xyz"), Some(3));
        assert_eq!(bag_distance("é", "e"), None);
    }

    #[test]
    fn nearest_by_returns_the_items_whose_spellings_are_nearest() {
        let pool = [
            (7, "discovery"),
            (8, "discover-more"),
            (9, "delivery"),
            (10, "dana"),
        ];
        let by_item: Vec<u32> = nearest_by("discovry", pool, |(_, name)| name)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let names = pool.map(|(_, name)| name);
        let by_name: Vec<u32> = nearest("discovry", names)
            .into_iter()
            .filter_map(|name| pool.iter().find(|(_, n)| *n == name).map(|(id, _)| *id))
            .collect();
        assert_eq!(by_item, by_name);
        assert_eq!(by_item.first(), Some(&7));
        assert!(nearest_by("zzzz", pool, |(_, name)| name).is_empty());
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
