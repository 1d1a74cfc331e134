//! Parse any text: never a panic, and every token and error lies in the text;
//! cut in two where `split_point` says, the two parts parse as the whole.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = parley_fuzz::text(data);
    parley_fuzz::assert_tokens(&text, &parley_syntax::lex(&text));
    let parse = parley_syntax::parse(&text);
    parley_fuzz::assert_diagnostics(&text, &parse.errors);
    if let Some(cut) = parley_syntax::split_point(&text) {
        let first = parley_syntax::parse_part(&text, 0..cut);
        let refused = !first.errors.is_empty();
        let second = parley_syntax::parse_part(&text, cut..text.len());
        match parley_syntax::join_parts(&text, first, second) {
            Some(parts) => assert!(parts == parse, "cut at {cut}: the parts differ"),
            None => assert!(refused, "cut at {cut}: refused without an error"),
        }
    }
});
