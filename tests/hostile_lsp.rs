//! A hostile client against the real `parley lsp` over stdio: requests
//! before `initialize`, malformed JSON, wrong `Content-Length` headers,
//! bodies that are not JSON-RPC, unknown methods, edits to documents that
//! are not open, positions past the end and inside surrogate pairs, versions
//! going backwards, and a storm of 5,000 edits. Afterwards the published
//! diagnostics equal a fresh `parley check --format json` of the text the
//! client believes it has, and `shutdown` and `exit` end the process with
//! code 0.
//!
//! Every message the server sends is consumed and accounted for (log
//! messages included), and every wait has a deadline.

mod support;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::thread;

use serde_json::{Value, json};
use support::{Client, apply_change as apply};

const URI: &str = "file:///hostile/deal.parley";
const ACME: &str = include_str!("../examples/acme.parley");

/// A running `parley lsp` whose log messages are recorded and whose every
/// other message the test must account for.
struct Session {
    client: Client,
}

support::session_of_client!(Session);

impl Session {
    fn start() -> Session {
        Session {
            client: Client::start(Stdio::null()).recording_logs(),
        }
    }

    /// Publishes of diagnostics until quiet; fails on any other message.
    fn published(&mut self) -> Vec<Value> {
        let messages = self.settle();
        for message in &messages {
            assert_eq!(
                message["method"], "textDocument/publishDiagnostics",
                "unexpected message: {message}"
            );
        }
        messages.into_iter().map(|m| m["params"].clone()).collect()
    }

    fn initialize(&mut self) {
        let response = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {} }),
        );
        assert!(response.get("error").is_none(), "{response}");
        assert_eq!(
            response["result"]["capabilities"]["positionEncoding"],
            "utf-16"
        );
        self.notify("initialized", json!({}));
    }

    /// `shutdown`, then `exit`: the process ends by itself with code 0 and
    /// sends nothing more.
    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        let after = self.request("textDocument/hover", hover_params(URI, 0, 0));
        assert_eq!(
            after["error"]["code"], -32600,
            "a request after shutdown: {after}"
        );
        assert_eq!(self.settle(), Vec::<Value>::new());
        self.client.exit();
    }
}

fn hover_params(uri: &str, line: u64, character: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn range(start: (u64, u64), end: (u64, u64)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

/// The diagnostics of `parley check --format json` for `text`, as
/// `(code, severity, message, range)`, sorted.
fn cli_diagnostics(text: &str) -> Vec<(String, String, String, Value)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parley check");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = text.to_string();
    let writer = thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("stdout")
        .read_to_string(&mut stdout)
        .expect("read the JSON");
    writer.join().expect("writer").expect("write stdin");
    let status = child.wait().expect("parley check ends");
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "parley check: {status:?}"
    );
    let document: Value = serde_json::from_str(&stdout).expect("a JSON document");
    let mut diagnostics: Vec<_> = document["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    diagnostics.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    diagnostics
}

/// Published LSP diagnostics in the same shape as [`cli_diagnostics`].
fn lsp_diagnostics(published: &Value) -> Vec<(String, String, String, Value)> {
    let mut diagnostics: Vec<_> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                Some(3) => "info",
                _ => "hint",
            };
            (
                d["code"].as_str().unwrap_or("").to_string(),
                severity.to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    diagnostics.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    diagnostics
}

/// The last publish for `URI`, which must be for `version`.
fn last_for(published: &[Value], version: i64) -> Value {
    let last = published
        .iter()
        .rev()
        .find(|p| p["uri"] == URI)
        .expect("diagnostics for the document")
        .clone();
    assert_eq!(last["version"], json!(version), "{last}");
    last
}

#[test]
fn protocol_abuse_is_answered_or_dropped_and_the_session_goes_on() {
    let mut session = Session::start();

    // Before `initialize`: requests fail with ServerNotInitialized, and
    // notifications are dropped (no diagnostics for this document, ever).
    let early = session.request("textDocument/hover", hover_params(URI, 0, 0));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    session.open("file:///hostile/early.parley", 1, "playbook");
    let early = session.request("shutdown", Value::Null);
    assert_eq!(early["error"]["code"], -32002, "{early}");

    // Framing and JSON abuse: each is answered with a JSON-RPC error (a
    // parse error where there is no JSON to read, an invalid request where
    // the JSON is no message, with its id when it has one), and the next
    // well-formed message is read as usual.
    session.raw(b"Content-Length: 10\r\n\r\n{not json}");
    session.raw(b"Content-Length: 5\r\n\r\n[1,2]");
    session.raw(b"Content-Length: 2\r\n\r\n{}");
    let no_method = r#"{"jsonrpc":"2.0","id":77}"#;
    session.raw(format!("Content-Length: {}\r\n\r\n{no_method}", no_method.len()).as_bytes());
    session.raw(b"Content-Length: many\r\n\r\n");
    session.raw(b"Content-Type: application/json\r\n\r\n");
    session.raw(b"just some words\r\n\r\n");
    // Five bytes short: the body's rest runs into the next header line.
    session.framed_off_by(r#"{"jsonrpc":"2.0","id":900,"method":"shutdown"}"#, -5);
    session.initialize();
    // Ten bytes long: the body swallows the next ten bytes.
    session.framed_off_by(r#"{"jsonrpc":"2.0","id":901,"method":"shutdown"}"#, 10);
    session.raw(b"0123456789");
    let unknown = session.request("parley/doesNotExist", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let answers = session.settle();
    let answered: Vec<(Value, Value)> = answers
        .iter()
        .map(|answer| (answer["id"].clone(), answer["error"]["code"].clone()))
        .collect();
    let parse_error = (Value::Null, json!(-32700));
    let invalid = (Value::Null, json!(-32600));
    assert_eq!(
        answered,
        [
            parse_error.clone(),
            invalid.clone(),
            invalid,
            (json!(77), json!(-32600)),
            parse_error.clone(),
            parse_error.clone(),
            parse_error.clone(),
            parse_error.clone(),
            parse_error,
        ],
        "one error for each malformed message: {answers:?}"
    );

    // A second `initialize` is refused; unknown notifications are ignored.
    let again = session.request("initialize", json!({ "capabilities": {} }));
    assert!(again.get("error").is_some(), "{again}");
    session.notify("parley/unknownNotification", json!({ "x": 1 }));
    session.notify("$/cancelRequest", json!({ "id": 12345 }));
    session.notify("textDocument/didChange", json!({ "wrong": "shape" }));
    assert_eq!(session.settle(), Vec::<Value>::new());
    session.take_logs();

    // Documents that are not open: a change is refused with a log message,
    // a close does nothing, a request has no answer to give.
    session.change(
        "file:///hostile/never-opened.parley",
        2,
        json!([{ "range": range((0, 0), (0, 0)), "text": "x" }]),
    );
    session.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///hostile/never-opened.parley" } }),
    );
    let hover = session.request(
        "textDocument/hover",
        hover_params("file:///hostile/never-opened.parley", 3, 4),
    );
    assert!(
        hover.get("error").is_some() || hover["result"].is_null(),
        "{hover}"
    );
    assert_eq!(session.settle(), Vec::<Value>::new());
    let logs = session.take_logs();
    assert!(
        logs.iter()
            .any(|log| log.contains("never-opened") && log.contains("not open")),
        "{logs:?}"
    );

    // Out-of-range and mid-surrogate positions in requests: an answer each.
    let mut text = "// 💼💼 deal\nplaybook \"Deal 💼\"\r\n".to_string();
    session.open(URI, 1, &text);
    let published = session.published();
    assert_eq!(
        lsp_diagnostics(&last_for(&published, 1)),
        cli_diagnostics(&text)
    );
    for (line, character) in [
        (0, 4),
        (0, 6),
        (1, 15),
        (1, 9999),
        (2, 0),
        (9999, 9999),
        (u32::MAX as u64, 0),
    ] {
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/documentHighlight",
            "textDocument/prepareRename",
        ] {
            let response = session.request(method, hover_params(URI, line, character));
            // A result, or an error that says why; never an internal
            // error (a panic the server caught).
            let answered = response.get("result").is_some()
                || (response["error"]["message"].is_string()
                    && response["error"]["code"] != -32603);
            assert!(answered, "{method} at {line}:{character}: {response}");
        }
    }
    let rename = session.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 4 }, "newName": "x y" }),
    );
    assert!(
        rename.get("result").is_some() || rename["error"]["code"] != -32603,
        "{rename}"
    );
    assert_eq!(session.settle(), Vec::<Value>::new());

    // Edits at such positions: clamped the documented way. The first lands
    // in the middle of the first emoji's surrogate pair (its start), the
    // second past the end of a line (its end, before the `\r\n`), the third
    // on a line that does not exist (the end of the text), the fourth is a
    // range written backwards.
    let changes = json!([
        { "range": range((0, 4), (0, 4)), "text": "A" },
        { "range": range((1, 9999), (1, 9999)), "text": " B" },
        { "range": range((9999, 0), (9999, 5)), "text": "\nlead buyer" },
        { "range": range((0, 2), (0, 0)), "text": "//" },
    ]);
    for change in changes.as_array().expect("changes") {
        apply(&mut text, change);
    }
    assert_eq!(
        text,
        "// A💼💼 deal\nplaybook \"Deal 💼\" B\r\n\nlead buyer"
    );
    session.change(URI, 2, changes);
    // A version going backwards, and one standing still: both ignored.
    session.change(URI, 1, json!([{ "text": "" }]));
    session.change(URI, 2, json!([{ "text": "" }]));
    let published = session.published();
    assert_eq!(
        lsp_diagnostics(&last_for(&published, 2)),
        cli_diagnostics(&text)
    );
    let logs = session.take_logs();
    assert_eq!(
        logs.iter()
            .filter(|log| log.contains("does not follow version 2"))
            .count(),
        2,
        "{logs:?}"
    );

    session.shutdown();
}

/// A small deterministic generator, so the storm is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

#[test]
fn a_storm_of_five_thousand_edits_ends_in_the_diagnostics_of_the_final_text() {
    let mut session = Session::start();
    session.initialize();
    let mut text = ACME
        .replace('\n', "\r\n")
        .replacen("Dana Reyes", "Dana 💼 Reyes", 1);
    session.open(URI, 1, &text);
    let published = session.published();
    assert_eq!(
        lsp_diagnostics(&last_for(&published, 1)),
        cli_diagnostics(&text)
    );

    let pieces = [
        "x", "é", "💼", "\r\n", "\n", "}", "{", " ", "\"", "dana", "// c", "",
    ];
    let mut random = Lcg(8);
    let mut version = 1;
    let mut stale = 0;
    for round in 0..5_000 {
        if round % 500 == 499 {
            // Versions going backwards: ignored, and said so in a log.
            session.change(URI, version - 1, json!([{ "text": "" }]));
            stale += 1;
            continue;
        }
        let lines = text.matches('\n').count() as u64 + 1;
        // Mostly inside the text, sometimes past a line's end, past the last
        // line, or in the middle of a surrogate pair.
        let start = (random.next(lines + 2), random.next(40));
        let end = if random.next(3) == 0 {
            (start.0 + random.next(2), random.next(60))
        } else {
            start
        };
        let piece = pieces[random.next(pieces.len() as u64) as usize];
        let change = json!({ "range": range(start, end), "text": piece });
        apply(&mut text, &change);
        version += 1;
        session.change(URI, version, json!([change]));
    }
    // The same edit that was sent as a whole: the server's copy and the
    // client's agree, or the diagnostics below would not match.
    let published = session.published();
    let last = last_for(&published, version);
    assert!(
        published.iter().all(|p| p["uri"] == URI),
        "diagnostics for another document"
    );
    assert_eq!(
        lsp_diagnostics(&last),
        cli_diagnostics(&text),
        "final text:\n{text}"
    );
    let logs = session.take_logs();
    assert_eq!(
        logs.iter()
            .filter(|log| log.contains("does not follow"))
            .count(),
        stale,
        "{logs:?}"
    );

    // Back to a known text in one change: the diagnostics follow.
    version += 1;
    session.change(URI, version, json!([{ "text": ACME }]));
    let published = session.published();
    assert_eq!(
        lsp_diagnostics(&last_for(&published, version)),
        cli_diagnostics(ACME)
    );
    session.shutdown();
}

/// LSP: `exit` without `shutdown` first ends the process with code 1, and
/// so does a client that closes stdin without either.
#[test]
fn ending_without_shutdown_exits_with_code_1() {
    for send_exit in [true, false] {
        let mut session = Session::start();
        session.initialize();
        assert_eq!(
            session.client.end(send_exit),
            Some(1),
            "exit sent: {send_exit}"
        );
        assert!(session.client.logs.is_empty(), "{:?}", session.client.logs);
    }
    // Not initialized at all: the same.
    let mut session = Session::start();
    assert_eq!(session.client.end(true), Some(1));
}
