//! Lays out the functions `parley`'s commands run together, where the list
//! of them applies (see `hot-code/decide.rs` and "Hot code together" in
//! PERFORMANCE.md).

use std::env;
use std::path::PathBuf;
use std::process::Command;

#[path = "hot-code/decide.rs"]
mod decide;

fn main() {
    println!("cargo:rerun-if-changed=hot-code/functions.txt");
    println!("cargo:rerun-if-changed=hot-code/decide.rs");
    println!("cargo:rerun-if-env-changed=PARLEY_HOT_CODE");

    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let Ok(list) = std::fs::read_to_string(manifest.join("hot-code/functions.txt")) else {
        return;
    };
    let var = |name: &str| env::var(name).unwrap_or_default();
    let rustc = Command::new(env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-V")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .unwrap_or_default();
    let build = decide::Build {
        rustc: &rustc,
        target: &var("TARGET"),
        profile: &var("PROFILE"),
        linker_chosen: env::var_os("RUSTC_LINKER").is_some()
            || decide::flags_choose_linker(&var("CARGO_ENCODED_RUSTFLAGS")),
        switched_off: var("PARLEY_HOT_CODE") == "off",
    };
    if decide::applies(&list, &build).is_err() {
        return;
    }
    // The linker reads symbols only: the list without its comments.
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("hot-functions.txt");
    let symbols: Vec<&str> = decide::symbols(&list).collect();
    if std::fs::write(&out, symbols.join("\n")).is_err() {
        return;
    }
    println!(
        "cargo:rustc-link-arg-bin=parley=-Wl,--symbol-ordering-file={}",
        out.display()
    );
    // A function the list names that this build no longer has is skipped.
    println!("cargo:rustc-link-arg-bin=parley=-Wl,--no-warn-symbol-ordering");
    // Relative relocations packed: the loader reads a few kilobytes instead
    // of 150 KB of them at every start. Only for a native build, where the
    // glibc linked against is this machine's.
    let glibc = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .unwrap_or_default();
    if var("HOST") == var("TARGET") && decide::reads_packed_relocations(&glibc) {
        println!("cargo:rustc-link-arg-bin=parley=-Wl,-z,pack-relative-relocs");
    }
}
