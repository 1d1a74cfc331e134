//! End-to-end tests of `parley lsp`: the real binary, spoken to in JSON-RPC
//! over its stdin and stdout with Content-Length framing.
//!
//! Every message the server sends must be consumed by the test: a message
//! left over when a session ends fails it. Every wait has a timeout, so a
//! test never hangs.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Client, apply_edits as apply};

const ACME: &str = include_str!("../examples/acme.parley");
const ACME_URI: &str = "file:///work/acme.parley";

/// A running `parley lsp` whose every message the test must consume.
struct Session {
    client: Client,
}

support::session_of_client!(Session);

impl Session {
    /// Starts a session and initializes it with these client capabilities.
    fn initialized(capabilities: Value) -> (Session, Value) {
        let mut session = Session {
            client: Client::start(Stdio::inherit()),
        };
        let result = session.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        session.notify("initialized", json!({}));
        (session, result)
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.client.request(method, params)
    }

    /// Sends a request and returns its result, failing on an error response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.client.request(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The next notification, which must be `method`.
    fn expect_notification(&mut self, method: &str) -> Value {
        let message = self.next_message(method);
        assert_eq!(
            message["method"], method,
            "expected {method}, received {message}"
        );
        message["params"].clone()
    }

    /// The next diagnostics, which must be for `uri` at `version`.
    fn expect_diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let params = self.expect_notification("textDocument/publishDiagnostics");
        assert_eq!(params["uri"], uri);
        assert_eq!(params["version"], json!(version), "{params}");
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Fails if the server sent anything the test did not consume (log
    /// messages included), or sends something within a quiet period.
    fn expect_silence(&mut self) {
        let unconsumed = self.settle();
        assert!(unconsumed.is_empty(), "unconsumed: {unconsumed:?}");
    }

    /// `shutdown`, `exit`, and the process ends with code 0.
    fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.expect_silence();
        self.client.exit();
    }
}

/// The zero-based line and UTF-16 column of the `nth` occurrence of `needle`
/// (plus `shift` characters).
fn position_of(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).expect("needle").0 + shift;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column: usize = before
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": column })
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn acme_hover_quick_fix_completion_rename() {
    let (mut session, init) = Session::initialized(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "parley");

    session.open(ACME_URI, 1, ACME);
    let diagnostics = session.expect_diagnostics(ACME_URI, Some(1));

    // Hover on a stakeholder: her role, side and level.
    let hover = session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": ACME_URI }, "position": position_of(ACME, "dana \"", 0, 1) }),
    );
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(markdown.contains("Dana Reyes, CFO"), "{markdown}");
    assert!(markdown.contains("role: economic-buyer"), "{markdown}");
    assert!(markdown.contains("compelled: low"), "{markdown}");
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 4, "character": 12 }, "end": { "line": 4, "character": 16 } })
    );

    // The quick fix of the skipped step on the buyer's `proposal`.
    let p101 = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "P101")
        .unwrap_or_else(|| panic!("no P101 among {:?}", codes(&diagnostics)))
        .clone();
    let actions = session.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": ACME_URI },
            "range": p101["range"],
            "context": { "diagnostics": [p101] }
        }),
    );
    let actions = actions.as_array().unwrap();
    let preferred = actions
        .iter()
        .find(|action| action["isPreferred"] == true && action["diagnostics"][0]["code"] == "P101")
        .unwrap_or_else(|| panic!("no preferred P101 fix among {actions:?}"));
    let edits = preferred["edit"]["changes"][ACME_URI]
        .as_array()
        .unwrap()
        .clone();
    let fixed = apply(ACME, &edits);
    assert!(fixed.contains("negotiated"), "{fixed}");
    // Send the edit back as an incremental change, last edit first.
    let mut changes: Vec<Value> = edits
        .iter()
        .map(|edit| json!({ "range": edit["range"], "text": edit["newText"] }))
        .collect();
    changes.sort_by_key(|change| {
        std::cmp::Reverse((
            change["range"]["start"]["line"].as_u64(),
            change["range"]["start"]["character"].as_u64(),
        ))
    });
    session.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": ACME_URI, "version": 2 }, "contentChanges": changes }),
    );
    let after = session.expect_diagnostics(ACME_URI, Some(2));
    assert!(
        !after
            .iter()
            .any(|diagnostic| diagnostic["code"] == "P101"
                && diagnostic["message"] == p101["message"]),
        "the fixed P101 is still reported: {after:?}"
    );

    // Completion after `with ` offers the stakeholders.
    let with_rfp = position_of(&fixed, "with priya", 0, "with ".len());
    let completion = session.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": ACME_URI }, "position": with_rfp }),
    );
    let mut labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    labels.sort_unstable();
    assert_eq!(labels, ["dana", "omar", "priya", "sam"]);

    // Rename `omar` everywhere.
    let at_omar = position_of(&fixed, "omar", 0, 0);
    let prepared = session.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": ACME_URI }, "position": at_omar }),
    );
    assert_eq!(prepared["start"], at_omar);
    let rename = session.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": ACME_URI }, "position": at_omar, "newName": "omar-lee" }),
    );
    let edits = rename["changes"][ACME_URI].as_array().unwrap();
    assert_eq!(edits.len(), fixed.matches("omar").count());
    let renamed = apply(&fixed, edits);
    assert!(
        !renamed.contains("omar ") && !renamed.contains("omar\n") && !renamed.contains("omar,")
    );
    assert_eq!(renamed.matches("omar-lee").count(), edits.len());

    // A keyword is refused with a message.
    let refused = session.request_raw(
        "textDocument/rename",
        json!({ "textDocument": { "uri": ACME_URI }, "position": at_omar, "newName": "wins" }),
    );
    assert_eq!(refused["error"]["code"], -32803);

    session.shutdown();
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

#[test]
fn capabilities_and_utf8_columns_in_a_crlf_file_with_emoji() {
    let (mut session, init) = Session::initialized(json!({
        "general": { "positionEncodings": ["utf-8", "utf-16"] }
    }));
    insta::assert_json_snapshot!("capabilities", init["capabilities"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");

    let uri = "file:///work/emoji.parley";
    let text = "/// 😀 note\r\nstakeholder dana \"Dana 中文\" { side buyer }\r\nconversation c \"😀\" { with dana, nobody }\r\n";
    session.open(uri, 1, text);
    let diagnostics = session.expect_diagnostics(uri, Some(1));
    let undefined = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "N001")
        .unwrap_or_else(|| panic!("no N001 among {:?}", codes(&diagnostics)));
    // `nobody` starts 35 bytes into line 2 (33 UTF-16 units): columns are bytes.
    assert_eq!(
        undefined["range"],
        json!({ "start": { "line": 2, "character": 35 }, "end": { "line": 2, "character": 41 } })
    );
    let hover = session.request(
        "textDocument/hover",
        at(uri, json!({ "line": 2, "character": 30 })),
    );
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 2, "character": 29 }, "end": { "line": 2, "character": 33 } })
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("Dana 中文")
    );
    session.shutdown();
}

#[test]
fn stale_versions_unknown_documents_bad_positions_and_close() {
    let (mut session, _) = Session::initialized(json!({}));
    let uri = "file:///work/small.parley";
    session.open(uri, 3, "stakeholder dana \"Dana\" { side buyer }\n");
    session.expect_diagnostics(uri, Some(3));

    // A version that goes backwards is refused, and said so in the log.
    session.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": "" }] }),
    );
    let log = session.expect_notification("window/logMessage");
    assert!(
        log["message"]
            .as_str()
            .unwrap()
            .contains("version 2 does not follow version 3"),
        "{log}"
    );

    // An unknown document has nothing to show.
    let hover = session.request(
        "textDocument/hover",
        at(
            "file:///work/unknown.parley",
            json!({ "line": 0, "character": 0 }),
        ),
    );
    assert_eq!(hover, Value::Null);
    // A position on a line that does not exist is an invalid parameter.
    let response = session.request_raw(
        "textDocument/hover",
        at(uri, json!({ "line": 99, "character": 0 })),
    );
    assert_eq!(response["error"]["code"], -32602, "{response}");
    // An unknown method is refused.
    let response = session.request_raw("parley/unknown", json!({}));
    assert_eq!(response["error"]["code"], -32601, "{response}");

    // Closing clears the document's diagnostics.
    session.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(session.expect_diagnostics(uri, None), Vec::<Value>::new());
    session.shutdown();
}

#[test]
fn a_burst_of_changes_publishes_only_the_last_version() {
    let (mut session, _) = Session::initialized(json!({}));
    let uri = "file:///work/typing.parley";
    session.open(uri, 1, "");
    session.expect_diagnostics(uri, Some(1));
    let typed = "stakeholder dana \"Dana\" { side buyer }";
    // Type the declaration one character at a time, as incremental changes.
    for (index, ch) in typed.chars().enumerate() {
        session.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": index + 2 },
                "contentChanges": [{
                    "range": { "start": { "line": 0, "character": index }, "end": { "line": 0, "character": index } },
                    "text": ch.to_string()
                }]
            }),
        );
    }
    let last = typed.chars().count() as i64 + 1;
    // Debounced: one publish, for the last version, when the burst arrives
    // faster than the debounce (it does: the test writes it at once). A
    // machine slow enough to split the burst may see a few earlier versions
    // first, in order, but never one per keystroke.
    let mut published = Vec::new();
    let diagnostics = loop {
        let params = session.expect_notification("textDocument/publishDiagnostics");
        assert_eq!(params["uri"], uri);
        let version = params["version"].as_i64().unwrap();
        assert!(published.last().is_none_or(|&before| before < version));
        published.push(version);
        if version == last {
            break params["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
    };
    assert!(
        published.len() <= 3,
        "one publish per keystroke: {published:?}"
    );
    assert!(
        !codes(&diagnostics).contains(&"E001".to_string()),
        "{diagnostics:?}"
    );
    session.expect_silence();
    // The server holds the typed text: `dana` is found where it was typed.
    let symbols = session.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(symbols[0]["name"], "dana");
    session.shutdown();
}

#[test]
fn navigation_outline_folding_tokens_hints_and_formatting() {
    let (mut session, _) = Session::initialized(json!({}));
    session.open(ACME_URI, 1, ACME);
    session.expect_diagnostics(ACME_URI, Some(1));

    // From the buyer's `proposal` step to its declaration.
    let buyer_proposal = position_of(ACME, "proposal\n", 1, 0);
    let definition = session.request(
        "textDocument/definition",
        at(ACME_URI, buyer_proposal.clone()),
    );
    assert_eq!(definition["uri"], ACME_URI);
    assert_eq!(
        definition["range"]["start"],
        position_of(ACME, "proposal \"", 0, 0)
    );

    let mut with_declaration = at(ACME_URI, buyer_proposal);
    with_declaration["context"] = json!({ "includeDeclaration": true });
    let references = session.request("textDocument/references", with_declaration);
    assert_eq!(references.as_array().unwrap().len(), 3, "{references}");
    let highlights = session.request(
        "textDocument/documentHighlight",
        at(ACME_URI, position_of(ACME, "proposal\n", 1, 0)),
    );
    let kinds: Vec<i64> = highlights
        .as_array()
        .unwrap()
        .iter()
        .map(|highlight| highlight["kind"].as_i64().unwrap())
        .collect();
    // The declaration is written (3), the two steps read (2).
    assert_eq!(kinds, [3, 2, 2]);

    let symbols = session.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": ACME_URI } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Acme Corp data platform",
            "dana",
            "omar",
            "priya",
            "sam",
            "discovery",
            "case-for-change",
            "co-design",
            "committee",
            "rfp",
            "proposal",
            "signature",
            "process seller",
            "process buyer"
        ]
    );
    let workspace = session.request("workspace/symbol", json!({ "query": "sign" }));
    let found: Vec<&str> = workspace
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(found, ["co-design", "signature"]);

    let selection = session.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": ACME_URI }, "positions": [position_of(ACME, "dana \"", 0, 1)] }),
    );
    let name = &selection[0];
    assert_eq!(name["range"]["start"], position_of(ACME, "dana \"", 0, 0));
    // Out from the name: the declaration, then the whole file.
    assert_eq!(
        name["parent"]["range"]["start"],
        position_of(ACME, "stakeholder dana", 0, 0)
    );

    let folds = session.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": ACME_URI } }),
    );
    let first = &folds[0];
    assert_eq!(
        (first["startLine"].as_u64(), first["endLine"].as_u64()),
        (Some(4), Some(7))
    );

    let tokens = session.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": ACME_URI } }),
    );
    let data = tokens["data"].as_array().unwrap();
    assert!(!data.is_empty() && data.len() % 5 == 0);
    // The first token is the doc comment on line 0, column 0.
    assert_eq!(&data[..2], &[json!(0), json!(0)]);

    let hints = session.request(
        "textDocument/inlayHint",
        json!({
            "textDocument": { "uri": ACME_URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 200, "character": 0 } }
        }),
    );
    assert_eq!(hints[0]["label"], "wins explore · 2027-01-11 → 2027-01-15");

    // The response to `textDocument/formatting` of `text`, opened as `uri`.
    let mut format = |uri: &str, text: &str| {
        if uri != ACME_URI {
            session.open(uri, 1, text);
            session.expect_diagnostics(uri, Some(1));
        }
        session.request_raw(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
        )
    };
    let formatted = format(ACME_URI, "");
    assert_eq!(
        formatted["result"],
        json!([]),
        "the example is already canonical"
    );
    let untidy = "stakeholder dana \"Dana\" {side buyer\n      role champion}\n";
    let edits = format("file:///work/untidy.parley", untidy);
    assert_eq!(
        apply(untidy, edits["result"].as_array().unwrap()),
        parley_syntax::format(untidy).unwrap()
    );
    // A file that does not parse gets no edits, and no error either: an
    // editor formatting on save would show one at every save.
    let refused = format(
        "file:///work/broken.parley",
        "stakeholder dana \"Dana\" {side buyer\n  role\n",
    );
    assert!(refused.get("error").is_none(), "{refused}");
    assert_eq!(refused["result"], Value::Null);
    let log = session.expect_notification("window/logMessage");
    let why = log["message"].as_str().unwrap();
    assert!(
        why.starts_with("not formatting file:///work/broken.parley: syntax error at line 1"),
        "{why}"
    );
    session.shutdown();
}

/// `source.fixAll.parley`: asked for as an editor does on save, one action
/// whose edit turns the document into what `parley check --fix` writes.
#[test]
fn fix_all_applies_what_check_fix_applies() {
    let (mut session, init) = Session::initialized(json!({}));
    let kinds = &init["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert_eq!(
        kinds,
        &json!(["quickfix", "source.fixAll.parley"]),
        "{init}"
    );
    session.open(ACME_URI, 1, ACME);
    session.expect_diagnostics(ACME_URI, Some(1));
    let start =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
    let ask = |only: Value| {
        json!({
            "textDocument": { "uri": ACME_URI },
            "range": start,
            "context": { "diagnostics": [], "only": only }
        })
    };
    let actions = session.request("textDocument/codeAction", ask(json!(["source.fixAll"])));
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.parley");
    let edits = actions[0]["edit"]["changes"][ACME_URI].as_array().unwrap();
    assert_eq!(edits.len(), 1, "one edit: {edits:?}");
    let fixed = apply(ACME, edits);

    let mut cli = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["check", "--fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    cli.stdin
        .take()
        .unwrap()
        .write_all(ACME.as_bytes())
        .unwrap();
    let output = cli.wait_with_output().unwrap();
    assert_eq!(fixed, String::from_utf8(output.stdout).unwrap());
    assert_ne!(fixed, ACME);

    // Quick fixes only, or no kind at all: no "fix all" among them.
    for only in [json!(["quickfix"]), Value::Null] {
        let mut params = ask(only);
        if params["context"]["only"].is_null() {
            params["context"].as_object_mut().unwrap().remove("only");
        }
        let actions = session.request("textDocument/codeAction", params);
        assert!(
            actions
                .as_array()
                .unwrap()
                .iter()
                .all(|action| action["kind"] == "quickfix"),
            "{actions}"
        );
    }
    // Once fixed, there is nothing left to fix.
    session.change(ACME_URI, 2, json!([{ "text": fixed }]));
    session.expect_diagnostics(ACME_URI, Some(2));
    let actions = session.request("textDocument/codeAction", ask(json!(["source"])));
    assert_eq!(actions, json!([]));
    session.shutdown();
}

#[test]
fn a_malformed_message_is_answered_and_the_server_lives_on() {
    let (mut session, _) = Session::initialized(json!({}));
    session.raw(b"Content-Length: 9\r\n\r\n{not json");
    session.raw(b"Content-Length: 2\r\n\r\n{}");
    // Still serving.
    let hover = session.request(
        "textDocument/hover",
        at(
            "file:///work/none.parley",
            json!({ "line": 0, "character": 0 }),
        ),
    );
    assert_eq!(hover, Value::Null);
    // Each malformed message was answered with the JSON-RPC error for it.
    let answers = session.settle();
    let codes: Vec<(&Value, &Value)> = answers
        .iter()
        .map(|answer| (&answer["id"], &answer["error"]["code"]))
        .collect();
    assert_eq!(
        codes,
        [
            (&Value::Null, &json!(-32700)),
            (&Value::Null, &json!(-32600))
        ],
        "{answers:?}"
    );
    session.shutdown();
}

/// Neovim's own LSP client, where Neovim is installed: it starts `parley lsp`,
/// shows the checker's diagnostics and the hover. Skipped without `nvim`.
#[test]
fn neovim_shows_diagnostics_and_hover() {
    let Ok(version) = Command::new("nvim").arg("--version").output() else {
        eprintln!("nvim is not installed: skipping the Neovim test");
        return;
    };
    assert!(version.status.success());
    let folder = tempfile::tempdir().unwrap();
    let playbook = folder.path().join("acme.parley");
    std::fs::write(&playbook, ACME).unwrap();
    let output = folder.path().join("seen.txt");
    let script = folder.path().join("session.lua");
    // Works on Neovim 0.7 and later: `start_client` and `buf_attach_client`.
    std::fs::write(
        &script,
        r#"
local lines = {}
local client_id = vim.lsp.start_client({ name = 'parley', cmd = { PARLEY, 'lsp' }, root_dir = vim.fn.fnamemodify(PLAYBOOK, ':h') })
vim.cmd('edit ' .. PLAYBOOK)
vim.lsp.buf_attach_client(0, client_id)
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
table.insert(lines, 'diagnostics ' .. tostring(ok))
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  table.insert(lines, string.format('%s %d:%d', code, d.lnum, d.col))
end
local result = vim.lsp.buf_request_sync(0, 'textDocument/hover', { textDocument = { uri = vim.uri_from_fname(PLAYBOOK) }, position = { line = 4, character = 13 } }, 10000)
for _, r in pairs(result or {}) do
  if r.result then table.insert(lines, 'hover ' .. r.result.contents.value:gsub('\n', ' ')) end
end
vim.fn.writefile(lines, OUTPUT)
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd('qa!')
"#,
    )
    .unwrap();
    let globals = format!(
        "lua PARLEY = {:?}; PLAYBOOK = {:?}; OUTPUT = {:?}",
        env!("CARGO_BIN_EXE_parley"),
        playbook.to_str().unwrap(),
        output.to_str().unwrap()
    );
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c", &globals, "-c"])
        .arg(format!("luafile {}", script.to_str().unwrap()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish");
        }
        thread::sleep(Duration::from_millis(50));
    }
    let seen = std::fs::read_to_string(&output).unwrap_or_default();
    assert!(seen.starts_with("diagnostics true"), "{seen}");
    // The buyer's `proposal` (line 80, column 2) skipped a step.
    let proposal = position_of(ACME, "proposal\n", 1, 0);
    let expected = format!("P101 {}:{}", proposal["line"], proposal["character"]);
    assert!(seen.lines().any(|line| line == expected), "{seen}");
    assert!(
        seen.lines()
            .any(|line| line.starts_with("hover ") && line.contains("Dana Reyes, CFO")),
        "{seen}"
    );
}
