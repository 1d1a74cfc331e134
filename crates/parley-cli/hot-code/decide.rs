//! Whether a build of `parley` hands the linker the list of its hot
//! functions (`hot-code/functions.txt`), so that they are laid out
//! together: read by `build.rs`, and tested with the crate.
//!
//! The list names functions by their symbols, which change with the
//! compiler (and with a dependency's version), so it applies only to a
//! release build by the compiler it was made with, on the target whose
//! default linker (rustc's own `lld`, since Rust 1.90) takes such a list,
//! and never where the build chose a linker of its own. Anywhere else the
//! binary is laid out as the linker would anyway: the list only moves
//! code.

/// What the build script knows of the build.
pub struct Build<'a> {
    /// `rustc -V` of the compiler building.
    pub rustc: &'a str,
    /// The target triple.
    pub target: &'a str,
    /// Cargo's `PROFILE`: `release` or `debug`.
    pub profile: &'a str,
    /// Whether a linker or linker flavour was chosen (`RUSTC_LINKER`, or a
    /// `-C linker...` / `-Z linker-features` flag).
    pub linker_chosen: bool,
    /// `PARLEY_HOT_CODE=off`.
    pub switched_off: bool,
}

/// The only target the list is made for.
pub const TARGET: &str = "x86_64-unknown-linux-gnu";

/// The compiler the list was made with: its first line, `# rustc ...`.
pub fn made_with(list: &str) -> Option<&str> {
    list.lines().next()?.strip_prefix("# ")
}

/// The symbols of the list, in order: every line that is not a comment.
pub fn symbols(list: &str) -> impl Iterator<Item = &str> {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// `Ok` when the list applies to `build`, or why it does not.
pub fn applies(list: &str, build: &Build) -> Result<(), String> {
    if build.switched_off {
        return Err("PARLEY_HOT_CODE=off".to_owned());
    }
    if build.profile != "release" {
        return Err(format!("a {} build", build.profile));
    }
    if build.target != TARGET {
        return Err(format!("the target is {}, not {TARGET}", build.target));
    }
    if build.linker_chosen {
        return Err("the build chose its linker".to_owned());
    }
    match made_with(list) {
        Some(rustc) if rustc == build.rustc.trim() => Ok(()),
        Some(rustc) => Err(format!("the list was made with {rustc}")),
        None => Err("the list does not say which compiler made it".to_owned()),
    }
}

/// Whether the glibc the binary is linked against, as `getconf
/// GNU_LIBC_VERSION` names it (`glibc 2.36`), loads relocations packed in
/// the compact form (`DT_RELR`, glibc 2.36 and later). A binary linked
/// with them needs such a glibc to start, and one linked against an older
/// glibc would not have its relocations applied: they are packed only
/// where the glibc at hand reads them.
pub fn reads_packed_relocations(glibc: &str) -> bool {
    let Some(version) = glibc.trim().strip_prefix("glibc ") else {
        return false;
    };
    let mut parts = version.split('.').map(|part| part.parse::<u32>());
    match (parts.next(), parts.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => (major, minor) >= (2, 36),
        _ => false,
    }
}

/// Whether rustc flags choose a linker or its flavour (`-C linker=`,
/// `-C linker-flavor=`, `-Z linker-features=`, `-C link-self-contained=`,
/// or `-fuse-ld=` passed on to the compiler driver).
pub fn flags_choose_linker(encoded_rustflags: &str) -> bool {
    encoded_rustflags.split('\u{1f}').any(|flag| {
        flag.contains("linker") || flag.contains("link-self-contained") || flag.contains("fuse-ld")
    })
}
