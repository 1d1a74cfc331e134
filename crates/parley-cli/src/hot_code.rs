//! Tests of when `build.rs` lays the hot functions out together (the
//! decision lives in `hot-code/decide.rs`, which the build script reads).

#[path = "../hot-code/decide.rs"]
mod decide;

use decide::{
    Build, TARGET, applies, flags_choose_linker, made_with, reads_packed_relocations, symbols,
};

const RUSTC: &str = "rustc 1.95.0 (59807616e 2026-04-14)";
const LIST: &str =
    "# rustc 1.95.0 (59807616e 2026-04-14)\n# a comment\n_ZN1a1b17h0E\n\n  _ZN1c1d17h1E  \n";

fn release() -> Build<'static> {
    Build {
        rustc: RUSTC,
        target: TARGET,
        profile: "release",
        linker_chosen: false,
        switched_off: false,
    }
}

#[test]
fn the_list_applies_to_a_release_build_by_its_own_compiler_on_its_target() {
    assert_eq!(applies(LIST, &release()), Ok(()));
    // `rustc -V` ends with a newline.
    let with_newline = format!("{RUSTC}\n");
    assert_eq!(
        applies(
            LIST,
            &Build {
                rustc: &with_newline,
                ..release()
            }
        ),
        Ok(())
    );
}

#[test]
fn anything_else_is_laid_out_as_the_linker_would() {
    let cases = [
        Build {
            switched_off: true,
            ..release()
        },
        Build {
            profile: "debug",
            ..release()
        },
        Build {
            target: "aarch64-unknown-linux-gnu",
            ..release()
        },
        Build {
            target: "x86_64-unknown-linux-musl",
            ..release()
        },
        Build {
            linker_chosen: true,
            ..release()
        },
        Build {
            rustc: "rustc 1.96.0 (0000000 2026-05-28)",
            ..release()
        },
        Build {
            rustc: "rustc 1.95.0 (59807616e 2026-04-14) (built from a source tarball)",
            ..release()
        },
    ];
    for build in &cases {
        let why = applies(LIST, build).expect_err("laid out as usual");
        assert!(!why.is_empty());
    }
    assert!(
        applies("_ZN1a1b17h0E\n", &release()).is_err(),
        "no compiler named"
    );
    assert!(applies("", &release()).is_err());
}

#[test]
fn the_linker_reads_the_symbols_without_the_comments() {
    assert_eq!(made_with(LIST), Some(RUSTC));
    assert_eq!(
        symbols(LIST).collect::<Vec<_>>(),
        ["_ZN1a1b17h0E", "_ZN1c1d17h1E"]
    );
}

#[test]
fn a_chosen_linker_is_seen_in_the_flags() {
    let sep = '\u{1f}';
    assert!(flags_choose_linker(&format!("-C{sep}linker=clang")));
    assert!(flags_choose_linker(&format!(
        "-Clink-self-contained=-linker{sep}-Zunstable-options"
    )));
    assert!(flags_choose_linker("-Zlinker-features=-lld"));
    assert!(flags_choose_linker(&format!(
        "-C{sep}link-arg=-fuse-ld=bfd"
    )));
    assert!(!flags_choose_linker(&format!("-C{sep}target-cpu=native")));
    assert!(!flags_choose_linker(""));
}

#[test]
fn relocations_are_packed_only_for_a_glibc_that_reads_them() {
    for glibc in ["glibc 2.36", "glibc 2.41\n", "glibc 3.0"] {
        assert!(reads_packed_relocations(glibc), "{glibc}");
    }
    for glibc in [
        "glibc 2.35",
        "glibc 2.17",
        "",
        "musl 1.2",
        "glibc two",
        "glibc 2",
    ] {
        assert!(!reads_packed_relocations(glibc), "{glibc}");
    }
}
