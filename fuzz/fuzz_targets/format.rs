//! Format any text: a refusal, or a text that formats to itself, keeps every
//! token and comment, parses as well as the input did, and equals the input
//! with the formatter's edits applied.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_syntax::{apply_edits, format, format_edits, parse};

fuzz_target!(|data: &[u8]| {
    let text = parley_fuzz::text(data);
    let Ok(formatted) = format(&text) else {
        assert!(
            format_edits(&text).is_err(),
            "format refuses what format_edits accepts"
        );
        return;
    };
    assert_eq!(
        format(&formatted).as_deref(),
        Ok(formatted.as_str()),
        "not idempotent"
    );
    assert_eq!(
        parley_fuzz::token_bag(&text),
        parley_fuzz::token_bag(&formatted),
        "tokens changed"
    );
    assert_eq!(
        parley_fuzz::comments(&text),
        parley_fuzz::comments(&formatted),
        "comments changed"
    );
    assert!(
        parse(&formatted).errors.is_empty(),
        "the formatted text has syntax errors"
    );
    let edits = format_edits(&text).expect("format_edits accepts what format accepts");
    assert_eq!(
        apply_edits(&text, &edits).as_deref(),
        Some(formatted.as_str()),
        "edits differ"
    );
});
