//! Parse any text: never a panic, and every token and error lies in the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = parley_fuzz::text(data);
    parley_fuzz::assert_tokens(&text, &parley_syntax::lex(&text));
    let parse = parley_syntax::parse(&text);
    parley_fuzz::assert_diagnostics(&text, &parse.errors);
});
