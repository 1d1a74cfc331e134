//! The `parley` command on what a user points it at by mistake: missing and
//! unreadable paths, binary and non-UTF-8 files, a byte-order mark, CRLF
//! line endings, a folder of thousands of files, read-only files under
//! `fmt` and `check --fix`, and a reader of stdout that stops early. Each run must say what went wrong in a line
//! naming the path, exit with the documented code (0 fine, 1 findings or
//! `--check` changes, 2 could not run), and change no file unless asked.
//!
//! Every test snapshots its folder (bytes and permissions of every entry)
//! before the run and compares after it.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const ACME: &str = include_str!("../examples/acme.parley");
const HALF_TYPED: &str = include_str!("../examples/half-typed.parley");

/// Runs `parley ARGS` in `folder`, with stdin closed, waiting at most a minute.
fn run(folder: &Path, args: &[&str]) -> Output {
    run_with_stdin(folder, args, b"")
}

fn run_with_stdin(folder: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start parley");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    std::thread::spawn(move || {
        // A run that exits before reading stdin closes the pipe: not a failure.
        let _ = pipe.write_all(&input);
    });
    // Read both streams while waiting, so a large output cannot fill a pipe.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    receiver
        .recv_timeout(Duration::from_secs(180))
        .unwrap_or_else(|_| panic!("parley {args:?} did not finish in three minutes"))
        .expect("output")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code, not a signal")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 stderr")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

/// Every entry under `root`: its bytes (none for a folder) and permissions.
fn tree(root: &Path) -> BTreeMap<PathBuf, (Option<Vec<u8>>, u32)> {
    let mut entries = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("a readable folder").flatten() {
            let path = entry.path();
            let metadata = fs::symlink_metadata(&path).expect("metadata");
            let mode = metadata.permissions().mode();
            let bytes = if metadata.is_dir() {
                folders.push(path.clone());
                None
            } else if metadata.is_file() {
                Some(fs::read(&path).expect("a readable file"))
            } else {
                None
            };
            entries.insert(path, (bytes, mode));
        }
    }
    entries
}

/// A temporary folder with these files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, bytes) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("folders");
        }
        fs::write(path, bytes).expect("a file");
    }
    dir
}

/// Runs `parley ARGS` and asserts no file under `dir` changed.
fn run_changing_nothing(dir: &Path, args: &[&str]) -> Output {
    let before = tree(dir);
    let output = run(dir, args);
    assert!(
        tree(dir) == before,
        "parley {args:?} changed a file; stderr:\n{}",
        stderr(&output)
    );
    output
}

fn set_read_only(path: &Path) {
    let mut permissions = fs::metadata(path).expect("metadata").permissions();
    permissions.set_readonly(true);
    fs::set_permissions(path, permissions).expect("chmod");
}

/// The diagnostics of a JSON document as `(code, message, line)`.
fn findings(output: &Output) -> Vec<(String, String, u64)> {
    let document: serde_json::Value =
        serde_json::from_str(&stdout(output)).expect("a JSON document on stdout");
    document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
            )
        })
        .collect()
}

#[test]
fn a_missing_file_is_named_by_every_command_and_nothing_is_written() {
    let dir = folder(&[("deal.parley", b"playbook \"x\"   \n")]);
    for args in [
        &["check", "deal.parley", "gone.parley"][..],
        &["check", "--fix", "deal.parley", "gone.parley"],
        &["fmt", "deal.parley", "gone.parley"],
        &["fmt", "--check", "gone/"],
    ] {
        let output = run_changing_nothing(dir.path(), args);
        assert_eq!(code(&output), 2, "{args:?}");
        let gone = args.last().expect("a path");
        assert_eq!(
            stderr(&output),
            format!("parley: {gone}: no such file or folder\n"),
            "{args:?}"
        );
    }
}

#[test]
fn a_path_root_cannot_read_either_is_a_clear_error() {
    // Tests run as root, which reads a file of mode 000: a symlink loop, a
    // dangling link and a path through a file fail for everyone.
    let dir = folder(&[("deal.parley", ACME.as_bytes())]);
    std::os::unix::fs::symlink("loop.parley", dir.path().join("loop.parley")).expect("symlink");
    std::os::unix::fs::symlink("nowhere.parley", dir.path().join("dangling.parley"))
        .expect("symlink");
    let cases = [
        ("loop.parley", "too many levels of symbolic links"),
        ("dangling.parley", "no such file or folder"),
        ("deal.parley/inner.parley", "not a directory"),
    ];
    for (path, why) in cases {
        for command in ["check", "fmt"] {
            let output = run_changing_nothing(dir.path(), &[command, path]);
            assert_eq!(code(&output), 2, "{command} {path}");
            let message = stderr(&output);
            assert!(
                message.starts_with(&format!("parley: {path}: "))
                    && message.to_lowercase().contains(why)
                    && message.lines().count() == 1,
                "{command} {path}: {message}"
            );
        }
    }
    // A folder that holds only the loop: the loop is skipped, so the folder
    // has no playbooks, and says so.
    let only_loop = tempfile::tempdir().expect("a folder");
    std::os::unix::fs::symlink("x.parley", only_loop.path().join("x.parley")).expect("symlink");
    let output = run_changing_nothing(only_loop.path(), &["check", "."]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("no playbooks"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_without_read_permission_is_refused_unless_running_as_root() {
    let dir = folder(&[("secret.parley", ACME.as_bytes())]);
    let path = dir.path().join("secret.parley");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        // Root reads whatever the mode says: the permission cannot be denied
        // here, and the cases root cannot read are tested above.
        eprintln!("skipped: running as root, which reads a file of mode 000");
        return;
    }
    for args in [&["check", "secret.parley"][..], &["fmt", "secret.parley"]] {
        let output = run_changing_nothing(dir.path(), args);
        assert_eq!(code(&output), 2);
        assert_eq!(
            stderr(&output),
            "parley: secret.parley: cannot read: permission denied\n"
        );
    }
}

#[test]
fn binary_files_are_refused_or_checked_never_a_crash() {
    let mut noise = Vec::new();
    let mut state = 7u32;
    for _ in 0..4096 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((state >> 16) as u8);
    }
    // Valid UTF-8 that is no text: NULs and control characters.
    let controls: Vec<u8> = (0u8..0x20).cycle().take(2000).collect();
    let dir = folder(&[
        ("noise.parley", &noise),
        ("controls.parley", &controls),
        ("empty.parley", b""),
    ]);
    for command in ["check", "fmt"] {
        let output = run_changing_nothing(dir.path(), &[command, "noise.parley"]);
        assert_eq!(code(&output), 2);
        let message = stderr(&output);
        assert!(
            message.starts_with("parley: noise.parley: not UTF-8 (invalid byte at offset ")
                && message.lines().count() == 1,
            "{message}"
        );
    }
    let output = run_changing_nothing(
        dir.path(),
        &["check", "--format", "json", "controls.parley"],
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(findings(&output).iter().any(|(code, _, _)| code == "E001"));
    let output = run_changing_nothing(dir.path(), &["fmt", "controls.parley"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output)
            .starts_with("parley: controls.parley:1:1: not formatted, the file is left untouched"),
        "{}",
        stderr(&output)
    );
    let output = run_changing_nothing(dir.path(), &["check", "--fix", "controls.parley"]);
    assert_eq!(code(&output), 1);
    let output = run_changing_nothing(dir.path(), &["check", "empty.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // On stdin, with `--fix`: the fixed text is the text, nothing else.
    let output = run_with_stdin(dir.path(), &["check", "--fix", "-"], &controls);
    assert_eq!(output.stdout, controls);
}

#[test]
fn non_utf8_text_names_the_first_bad_byte_and_changes_nothing() {
    // Latin-1 and UTF-16 with its own byte-order mark: both are not UTF-8.
    let mut utf16 = vec![0xff, 0xfe];
    for unit in "playbook \"x\"\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let dir = folder(&[
        ("latin1.parley", b"playbook \"Caf\xe9\"\n"),
        ("utf16.parley", &utf16),
        ("good.parley", b"playbook \"x\"   \n"),
    ]);
    for args in [
        &["check", "."][..],
        &["check", "--fix", "."],
        &["fmt", "latin1.parley", "utf16.parley"],
    ] {
        let output = run_changing_nothing(dir.path(), args);
        assert_eq!(code(&output), 2, "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("latin1.parley: not UTF-8 (invalid byte at offset 13)")
                && message.contains("utf16.parley: not UTF-8 (invalid byte at offset 0)"),
            "{args:?}: {message}"
        );
    }
    // `fmt` goes on with the other files: the good one is formatted.
    let output = run(dir.path(), &["fmt", "."]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        fs::read_to_string(dir.path().join("good.parley")).expect("read"),
        "playbook \"x\"\n"
    );
    assert_eq!(
        fs::read(dir.path().join("latin1.parley")).expect("read"),
        b"playbook \"Caf\xe9\"\n"
    );
}

#[test]
fn a_byte_order_mark_is_kept_and_changes_no_finding() {
    let with_bom = format!("\u{feff}{ACME}");
    let dir = folder(&[
        ("plain.parley", ACME.as_bytes()),
        ("bom.parley", with_bom.as_bytes()),
    ]);
    let plain = run_changing_nothing(dir.path(), &["check", "--format", "json", "plain.parley"]);
    let bom = run_changing_nothing(dir.path(), &["check", "--format", "json", "bom.parley"]);
    assert_eq!(code(&plain), code(&bom));
    assert_eq!(findings(&plain), findings(&bom));

    // Formatting and fixing keep the mark.
    let messy = "\u{feff}playbook   \"x\"\nstakeholder dana \"D\" { side buyer }\n";
    fs::write(dir.path().join("messy.parley"), messy).expect("write");
    let output = run(dir.path(), &["fmt", "messy.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let formatted = fs::read_to_string(dir.path().join("messy.parley")).expect("read");
    assert!(
        formatted.starts_with("\u{feff}playbook \"x\"\n"),
        "{formatted:?}"
    );
    let output = run(dir.path(), &["check", "--fix", "bom.parley"]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let fixed = fs::read_to_string(dir.path().join("bom.parley")).expect("read");
    assert!(fixed.starts_with('\u{feff}') && !fixed[3..].contains('\u{feff}'));
}

#[test]
fn crlf_files_keep_their_line_endings_and_their_findings() {
    let crlf = ACME.replace('\n', "\r\n");
    let messy = "playbook   \"x\"\r\nstakeholder dana \"D\" { side buyer }\r\n";
    let dir = folder(&[
        ("lf.parley", ACME.as_bytes()),
        ("crlf.parley", crlf.as_bytes()),
        ("messy.parley", messy.as_bytes()),
    ]);
    let lf = run_changing_nothing(dir.path(), &["check", "--format", "json", "lf.parley"]);
    let cr = run_changing_nothing(dir.path(), &["check", "--format", "json", "crlf.parley"]);
    assert_eq!(code(&lf), code(&cr));
    assert_eq!(
        findings(&lf),
        findings(&cr),
        "same codes, messages and lines"
    );

    let output = run(dir.path(), &["fmt", "messy.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let formatted = fs::read_to_string(dir.path().join("messy.parley")).expect("read");
    assert_eq!(
        formatted.matches('\n').count(),
        formatted.matches("\r\n").count()
    );
    assert!(
        formatted.contains("{\r\n  side buyer\r\n}"),
        "{formatted:?}"
    );

    let output = run(dir.path(), &["check", "--fix", "crlf.parley"]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    let fixed = fs::read_to_string(dir.path().join("crlf.parley")).expect("read");
    assert_ne!(fixed, crlf, "acme has safe fixes");
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "a fix wrote a bare LF into a CRLF file:\n{fixed}"
    );
    for line in crlf.lines() {
        assert!(
            fixed.lines().any(|l| l.trim() == line.trim()),
            "lost `{line}`"
        );
    }
}

#[test]
fn a_folder_of_thousands_of_files_is_checked_once_each_in_order() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut playbooks = 0;
    let mut half_typed = 0;
    for folder_index in 0..30 {
        let folder = dir.path().join(format!("team-{folder_index:02}/deals"));
        fs::create_dir_all(&folder).expect("folders");
        for file_index in 0..100 {
            let text = match file_index % 3 {
                0 => ACME,
                1 => {
                    half_typed += 1;
                    HALF_TYPED
                }
                _ => "playbook \"Tiny\"\n",
            };
            fs::write(folder.join(format!("deal-{file_index:03}.parley")), text).expect("write");
            playbooks += 1;
        }
        // Not playbooks: skipped.
        fs::write(folder.join("notes.txt"), "not a playbook").expect("write");
        fs::write(folder.join(".hidden.parley"), "\u{0}").expect("write");
    }
    let output = run_changing_nothing(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code(&output), 1, "half-typed playbooks have errors");
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(document["summary"]["files"], playbooks);
    let paths: Vec<&str> = document["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|file| file["path"].as_str())
        .collect();
    assert_eq!(paths.len(), 3000);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files in sorted order");
    assert!(paths.iter().all(|path| !path.contains(".hidden")));

    let output = run_changing_nothing(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(code(&output), 2, "half-typed playbooks cannot be formatted");
    assert_eq!(
        stderr(&output)
            .lines()
            .filter(|line| line.contains("not formatted"))
            .count(),
        half_typed
    );
}

#[test]
fn read_only_files_are_refused_by_fmt_and_fix_and_the_others_are_written() {
    let messy = "playbook   \"x\"\n";
    let typo = ACME.replacen("with omar\n", "with omr\n", 1);
    assert_ne!(typo, ACME);
    let dir = folder(&[
        ("locked.parley", messy.as_bytes()),
        ("open.parley", messy.as_bytes()),
        ("locked-typo.parley", typo.as_bytes()),
        ("open-typo.parley", typo.as_bytes()),
    ]);
    set_read_only(&dir.path().join("locked.parley"));
    set_read_only(&dir.path().join("locked-typo.parley"));

    let output = run(dir.path(), &["fmt", "locked.parley", "open.parley"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "parley: locked.parley: the file is read-only; it was not formatted and is untouched\n\
         formatted open.parley\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("locked.parley")).expect("read"),
        messy
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("open.parley")).expect("read"),
        "playbook \"x\"\n"
    );

    let output = run(
        dir.path(),
        &["check", "--fix", "locked-typo.parley", "open-typo.parley"],
    );
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "parley: locked-typo.parley: the file is read-only; fixes were not written and the file is untouched"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("locked-typo.parley")).expect("read"),
        typo
    );
    let fixed = fs::read_to_string(dir.path().join("open-typo.parley")).expect("read");
    assert!(fixed.contains("with omar\n"), "the typo is fixed:\n{fixed}");

    // Checking read-only files, and `fmt --check`, write nothing and succeed.
    let output = run_changing_nothing(dir.path(), &["fmt", "--check", "locked.parley"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "would format locked.parley\n");
    let output = run_changing_nothing(dir.path(), &["check", "locked-typo.parley"]);
    assert_eq!(code(&output), 1);
}

#[test]
fn a_read_only_folder_leaves_its_files_untouched() {
    // Root may write into a folder of mode 555, so what this proves is that a
    // refusal of the file's own mode comes first: the file is untouched.
    let dir = folder(&[("deals/messy.parley", b"playbook   \"x\"\n")]);
    let deals = dir.path().join("deals");
    set_read_only(&deals.join("messy.parley"));
    fs::set_permissions(&deals, fs::Permissions::from_mode(0o555)).expect("chmod");
    let output = run_changing_nothing(dir.path(), &["fmt", "deals"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    fs::set_permissions(&deals, fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn a_five_megabyte_file_is_checked_and_formatted() {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 5 << 20 {
        text.push_str(&format!(
            "stakeholder s{n} \"S {n}\" {{ side buyer }}\nconversation c{n} \"C {n}\" {{ with s{n} wins explore }}\n"
        ));
        n += 1;
    }
    let dir = folder(&[("big.parley", text.as_bytes())]);
    let output = run_changing_nothing(dir.path(), &["check", "--format", "json", "big.parley"]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    assert!(!findings(&output).iter().any(|(code, _, _)| code == "E001"));
    let output = run(dir.path(), &["fmt", "big.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let formatted = fs::read_to_string(dir.path().join("big.parley")).expect("read");
    assert!(formatted.len() > text.len(), "one field a line");
}

#[test]
fn an_endless_or_huge_file_is_refused_in_bounded_memory() {
    // `/dev/zero` never ends; a sparse file of 65 MiB costs no disk. Both are
    // refused after 64 MiB, instead of reading until memory runs out.
    let dir = folder(&[]);
    let sparse = fs::File::create(dir.path().join("huge.parley")).expect("create");
    sparse.set_len(65 << 20).expect("a sparse file");
    drop(sparse);
    for path in ["/dev/zero", "huge.parley"] {
        for command in ["check", "fmt"] {
            let output = run_changing_nothing(dir.path(), &[command, path]);
            assert_eq!(code(&output), 2, "{command} {path}");
            assert_eq!(
                stderr(&output),
                format!(
                    "parley: {path}: larger than 64 MiB, too large for a playbook; nothing was checked or written\n"
                )
            );
        }
    }
}

/// Every command that writes data to stdout, with a reader that has gone
/// before the first byte (`parley explain P101 | head -0`): no panic, no
/// complaint, and the exit status the run would have had.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let dir = folder(&[("acme.parley", ACME.as_bytes())]);
    let runs: [(&[&str], &[u8], i32); 9] = [
        (&["explain", "P101"], b"", 0),
        (&["plan", "acme.parley"], b"", 0),
        (&["plan", "--format", "mermaid", "acme.parley"], b"", 0),
        (&["graph", "acme.parley"], b"", 0),
        (&["check", "--format", "json", "acme.parley"], b"", 1),
        (&["check", "--format", "sarif", "acme.parley"], b"", 1),
        (&["check", "--fix", "-"], ACME.as_bytes(), 0),
        (&["fmt", "-"], ACME.as_bytes(), 0),
        (&["fmt", "--check", "--diff", "-"], b"playbook   \"x\"\n", 1),
    ];
    for (args, input, expected) in runs {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .expect("start parley");
        let mut pipe = child.stdin.take().expect("stdin");
        let _ = pipe.write_all(input);
        drop(pipe);
        let output = child.wait_with_output().expect("output");
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "parley {args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "parley {args:?}: {err}");
        assert_eq!(code(&output), expected, "parley {args:?}: {err}");
    }
}

/// Both streams to a reader that has gone (`parley ... 2>&1 | head -0`):
/// the messages are lost, the exit status is not, and nothing panics.
#[test]
fn closed_streams_lose_the_messages_not_the_exit_status() {
    let dir = folder(&[
        ("acme.parley", ACME.as_bytes()),
        ("half-typed.parley", HALF_TYPED.as_bytes()),
    ]);
    let runs: [(&[&str], i32); 7] = [
        (&["check", "acme.parley"], 1),
        (&["check", "missing.parley"], 2),
        (&["fmt", "--check", "half-typed.parley"], 2),
        (&["fmt", "--check", "--diff", "."], 2),
        (&["plan", "missing.parley"], 2),
        (&["graph", "half-typed.parley"], 1),
        (&["explain", "P999"], 2),
    ];
    for (args, expected) in runs {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let status = Command::new(env!("CARGO_BIN_EXE_parley"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(writer.try_clone().expect("a second end"))
            .stderr(writer)
            .status()
            .expect("run parley");
        // A panic exits with 101.
        assert_eq!(status.code(), Some(expected), "parley {args:?}");
    }
}
