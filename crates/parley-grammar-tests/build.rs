//! Compiles the committed tree-sitter parser (`grammar/tree-sitter-parley/src`)
//! into this crate, so the tests run against exactly what editors load.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let src = manifest.join("../../grammar/tree-sitter-parley/src");
    let parser = src.join("parser.c");
    let scanner = src.join("scanner.c");
    println!("cargo:rerun-if-changed={}", parser.display());
    println!("cargo:rerun-if-changed={}", scanner.display());
    println!(
        "cargo:rerun-if-changed={}",
        src.join("tree_sitter").display()
    );
    cc::Build::new()
        .include(&src)
        .file(&parser)
        .file(&scanner)
        .std("c11")
        .warnings(false)
        .compile("tree-sitter-parley");
}
