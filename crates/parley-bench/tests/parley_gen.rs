//! The `parley-gen` binary: what it prints and how it refuses bad arguments.

use std::process::Command;

fn parley_gen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parley-gen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn prints_the_playbook_of_the_seed_and_size() {
    let output = parley_gen(&["--seed", "9", "--size", "20KB"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        parley_bench::generate(9, 20_000)
    );
}

#[test]
fn misspells_every_nth_step_when_asked() {
    let output = parley_gen(&["--seed", "9", "--size", "20KB", "--misspell", "5"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let plain = parley_bench::generate(9, 20_000);
    assert_ne!(text, plain);
    assert_eq!(text, parley_bench::misspell_steps(&plain, 5));
    // None misspelt with 0.
    let output = parley_gen(&["--seed", "9", "--size", "20KB", "--misspell=0"]);
    assert_eq!(String::from_utf8(output.stdout).unwrap(), plain);
}

#[test]
fn a_bad_misspell_count_exits_2_and_says_why() {
    let output = parley_gen(&["--misspell", "often"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("`often` is not a number of steps"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_size_exits_2_and_says_why() {
    let output = parley_gen(&["--size", "lots"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`lots` is not a size"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn an_unknown_argument_exits_2() {
    let output = parley_gen(&["--colour"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("unknown argument `--colour`")
    );
}
