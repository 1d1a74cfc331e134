//! The real `parley lsp` binary's edit-to-diagnostics time, as an editor
//! sees it: `cargo run --release -p parley-bench --example lsp_quiet --
//! target/release/parley 2000 10 1000`.
//!
//! Opens a generated playbook of LINES lines over stdio, then sends EDITS
//! one-character `didChange`s in the middle of it, each PAUSE_MS after the
//! previous one's diagnostics arrived, and prints how long each edit took
//! to come back as `publishDiagnostics`, less the server's 150 ms debounce
//! (the server waits that long after a change before it checks; its timer
//! fires up to a millisecond late). After each edit's diagnostics it also
//! asks for completion after a `with ` above the edit, and prints how long
//! the answer took to come back. Where `examples/server_edit` runs the
//! server's code in-process, this runs the binary as shipped: its code laid
//! out as it is linked, its runtime, its stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The server's debounce (`parley_lsp`'s `DEBOUNCE`).
const DEBOUNCE: Duration = Duration::from_millis(150);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(binary), Some(lines)) = (args.first(), args.get(1).and_then(|a| a.parse().ok()))
    else {
        eprintln!("usage: lsp_quiet BINARY LINES [EDITS] [PAUSE_MS]");
        return ExitCode::from(2);
    };
    let edits: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let pause = Duration::from_millis(args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1000));
    let text = parley_bench::generate_lines(parley_bench::BENCH_SEED, lines);
    match run(binary, &text, edits, pause) {
        Ok(Times {
            mut edits,
            mut completions,
        }) => {
            for (edit, (took, completion)) in edits.iter().zip(&completions).enumerate() {
                println!(
                    "edit {}: {:.2} ms, then completion {:.2} ms",
                    edit + 1,
                    took.as_secs_f64() * 1e3,
                    completion.as_secs_f64() * 1e3
                );
            }
            let count = edits.len();
            println!(
                "{lines} lines, {count} edits {pause:?} apart: {}; completion: {}",
                summary(&mut edits),
                summary(&mut completions)
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("lsp_quiet: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The median and the range of `times`.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |time: &Duration| time.as_secs_f64() * 1e3;
    match (times.first(), times.get(times.len() / 2), times.last()) {
        (Some(first), Some(median), Some(last)) => format!(
            "median {:.2} ms, {:.2} to {:.2} ms",
            ms(median),
            ms(first),
            ms(last)
        ),
        _ => "nothing timed".into(),
    }
}

/// How long each edit took to come back as diagnostics, and each
/// completion request after it as its answer.
struct Times {
    edits: Vec<Duration>,
    completions: Vec<Duration>,
}

/// Where completion is asked for: just after the last `with ` that starts
/// a line before `line`, as the line and character of it (the generated
/// text is ASCII, so characters are bytes).
fn completion_cursor(text: &str, line: usize) -> serde_json::Value {
    let line_start = text
        .match_indices('\n')
        .nth(line.saturating_sub(1))
        .map_or(0, |(at, _)| at + 1);
    let before = text.get(..line_start).unwrap_or("");
    let with = before.rfind("\n  with ").map_or(0, |at| at + 1);
    serde_json::json!({
        "line": before.get(..with).unwrap_or("").matches('\n').count(),
        "character": "  with ".len()
    })
}

fn run(binary: &str, text: &str, edits: usize, pause: Duration) -> std::io::Result<Times> {
    let mut child = Command::new(binary)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(std::io::Error::other("no pipes to the server"));
    };
    let (bodies, received) = mpsc::channel();
    std::thread::spawn(move || read_frames(stdout, &bodies));
    // Each message in one write, as editors send them: a header written
    // piece by piece would wake the server's reader once for each piece.
    let mut send = |body: String| -> std::io::Result<()> {
        let message = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        stdin.write_all(message.as_bytes())?;
        stdin.flush()
    };
    let wait_for = |needle: &str| -> std::io::Result<()> {
        loop {
            let body: String = received
                .recv_timeout(Duration::from_secs(60))
                .map_err(|_| std::io::Error::other(format!("no answer with {needle}")))?;
            if body.contains(needle) {
                return Ok(());
            }
        }
    };
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#.into())?;
    wait_for(r#""id":1"#)?;
    send(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.into())?;
    let uri = "file:///quiet.parley";
    let opened = serde_json::json!({
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "parley", "version": 1, "text": text}}
    });
    send(opened.to_string())?;
    // The diagnostics message ends with its version: `"version":N}}`.
    wait_for(r#""version":1}"#)?;
    let line = text.lines().count() / 2;
    let cursor = completion_cursor(text, line);
    let mut times = Times {
        edits: Vec::with_capacity(edits),
        completions: Vec::with_capacity(edits),
    };
    for version in 2..edits + 2 {
        std::thread::sleep(pause);
        // A space typed, then deleted: the text is the same every other edit.
        let (end, new_text) = if version % 2 == 0 { (0, " ") } else { (1, "") };
        let change = serde_json::json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {
                    "start": {"line": line, "character": 0},
                    "end": {"line": line, "character": end}}, "text": new_text}]
            }
        });
        let started = Instant::now();
        send(change.to_string())?;
        wait_for(&format!(r#""version":{version}}}"#))?;
        times.edits.push(started.elapsed().saturating_sub(DEBOUNCE));
        let id = 1000 + version;
        let completion = serde_json::json!({
            "jsonrpc": "2.0", "id": id, "method": "textDocument/completion",
            "params": {"textDocument": {"uri": uri}, "position": cursor}
        });
        let started = Instant::now();
        send(completion.to_string())?;
        wait_for(&format!(r#""id":{id}"#))?;
        times.completions.push(started.elapsed());
    }
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#.into())?;
    wait_for(r#""id":2"#)?;
    send(r#"{"jsonrpc":"2.0","method":"exit"}"#.into())?;
    let _ = child.wait();
    Ok(times)
}

/// Reads `Content-Length` frames from the server and sends each body on.
fn read_frames(stdout: impl Read, bodies: &mpsc::Sender<String>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = None;
        let mut header = String::new();
        loop {
            header.clear();
            match reader.read_line(&mut header) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = header.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let Some(length) = length else { return };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        if bodies
            .send(String::from_utf8_lossy(&body).into_owned())
            .is_err()
        {
            return;
        }
    }
}
