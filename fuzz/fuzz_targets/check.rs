//! Check any text: never a panic, every span in the text, every fix applies.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = parley_fuzz::text(data);
    let checked = parley_check::check_text(&text);
    parley_fuzz::assert_diagnostics(&text, &checked.diagnostics);
});
