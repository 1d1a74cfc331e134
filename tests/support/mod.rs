//! The JSON-RPC client the server's end-to-end tests share: it starts the
//! real `parley lsp`, frames messages with `Content-Length`, reads what the
//! server sends on a thread of its own, and waits for each message with a
//! deadline, so a test never hangs. Messages that arrive while the client
//! waits for something else are kept in order (`pending`), log messages
//! apart (`logs`) when the client is [`Client::recording_logs`], so a test
//! can account for everything the server said.
//!
//! Each test file uses its own part of it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The longest any single wait may take.
pub const TIMEOUT: Duration = Duration::from_secs(30);
/// Longer than the server's debounce: nothing arrives after this much quiet.
pub const QUIET: Duration = Duration::from_millis(700);

/// A running `parley lsp` and what it sent that the test has not consumed.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Notifications and server requests that arrived while the client
    /// waited for something else.
    pub pending: VecDeque<Value>,
    /// The texts of `window/logMessage` notifications, in order, when
    /// they are recorded apart.
    pub logs: Vec<String>,
    record_logs: bool,
    next_id: i64,
    finished: bool,
}

impl Client {
    /// Starts the server; its stderr goes where `stderr` says.
    pub fn start(stderr: Stdio) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start parley lsp");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (sender, messages) = channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            pending: VecDeque::new(),
            logs: Vec::new(),
            record_logs: false,
            next_id: 1,
            finished: false,
        }
    }

    /// Records log messages in `logs` instead of keeping them in `pending`
    /// with the other messages.
    pub fn recording_logs(mut self) -> Client {
        self.record_logs = true;
        self
    }

    /// Writes bytes to the server's stdin as they are.
    pub fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("the server reads its stdin");
        stdin.flush().expect("flush");
    }

    /// Frames `body` with a Content-Length that is off by `delta` bytes.
    pub fn framed_off_by(&mut self, body: &str, delta: isize) {
        let length = body.len().saturating_add_signed(delta);
        self.raw(format!("Content-Length: {length}\r\n\r\n{body}").as_bytes());
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).expect("json");
        self.framed_off_by(&body, 0);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and returns its whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id, method)
    }

    /// Waits for the response to `id`, keeping what else arrives meanwhile.
    pub fn response(&mut self, id: i64, waiting_for: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline, waiting_for);
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.keep(message);
        }
    }

    /// A log message is recorded (when logs are recorded apart); anything
    /// else waits to be consumed.
    pub fn keep(&mut self, message: Value) {
        if self.record_logs && message["method"] == "window/logMessage" {
            self.logs.push(
                message["params"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            );
        } else {
            self.pending.push_back(message);
        }
    }

    /// The next message from the server, failing at the deadline.
    pub fn receive(&mut self, deadline: Instant, waiting_for: &str) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(left) {
            Ok(message) => message,
            Err(RecvTimeoutError::Timeout) => panic!("timed out waiting for {waiting_for}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the server closed stdout while the test waited for {waiting_for}")
            }
        }
    }

    /// The oldest message not yet consumed, waiting for one if need be.
    pub fn next_message(&mut self, waiting_for: &str) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(message) = self.pending.pop_front() {
                return message;
            }
            let message = self.receive(deadline, waiting_for);
            self.keep(message);
        }
    }

    /// Everything that arrives until a quiet period passes, with what was
    /// already pending.
    pub fn settle(&mut self) -> Vec<Value> {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.messages.recv_timeout(QUIET) {
                Ok(message) => self.keep(message),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed stdout"),
            }
            assert!(Instant::now() < deadline, "the server never went quiet");
        }
        self.pending.drain(..).collect()
    }

    /// The log messages since the last call.
    pub fn take_logs(&mut self) -> Vec<String> {
        std::mem::take(&mut self.logs)
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "parley", "version": version, "text": text } }),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// Sends `exit` (after `shutdown`) and closes stdin: the process must end
    /// by itself with code 0 and send nothing more.
    pub fn exit(&mut self) {
        let code = self.end(true);
        assert_eq!(code, Some(0), "exit after shutdown");
    }

    /// Sends `exit` when `send_exit`, closes stdin, and returns the exit
    /// code of the process, which must end by itself and send nothing more.
    pub fn end(&mut self, send_exit: bool) -> Option<i32> {
        if send_exit {
            self.notify("exit", Value::Null);
        }
        self.stdin = None;
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            thread::sleep(Duration::from_millis(20));
        };
        match self.messages.recv_timeout(Duration::from_secs(2)) {
            Err(RecvTimeoutError::Disconnected) => {}
            Ok(message) => panic!("a message after exit: {message}"),
            Err(RecvTimeoutError::Timeout) => panic!("stdout stayed open after exit"),
        }
        self.finished = true;
        status.code()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if !self.finished {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Gives a test's own `Session { client: Client }`, which adds that test's
/// expectations, every method of the client.
macro_rules! session_of_client {
    ($session:ty) => {
        impl std::ops::Deref for $session {
            type Target = support::Client;
            fn deref(&self) -> &support::Client {
                &self.client
            }
        }

        impl std::ops::DerefMut for $session {
            fn deref_mut(&mut self) -> &mut support::Client {
                &mut self.client
            }
        }
    };
}
pub(crate) use session_of_client;

/// Reads one framed message, or `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The byte offset of an LSP position (UTF-16 columns) as the protocol and
/// the server's documentation put it: lines end at `\r\n`, `\n` or a lone
/// `\r`; a line past the end is the end of the text; a column past the
/// line's end is the line's end (before its line break); a column inside a
/// character (half a surrogate pair) is its start.
pub fn offset(text: &str, line: u64, character: u64) -> usize {
    let mut start = 0;
    for _ in 0..line {
        let Some(line_break) = text[start..].find(['\n', '\r']) else {
            return text.len();
        };
        let line_break = start + line_break;
        start = if text[line_break..].starts_with("\r\n") {
            line_break + 2
        } else {
            line_break + 1
        };
    }
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |line_break| start + line_break);
    let content = &text[start..end];
    let mut units = 0;
    for (at, ch) in content.char_indices() {
        units += ch.len_utf16() as u64;
        if units > character {
            return start + at;
        }
    }
    end
}

/// The byte range of an LSP range.
fn byte_range(text: &str, range: &Value) -> (usize, usize) {
    let at = |end: &str| {
        offset(
            text,
            range[end]["line"].as_u64().expect("line"),
            range[end]["character"].as_u64().expect("character"),
        )
    };
    let (a, b) = (at("start"), at("end"));
    (a.min(b), a.max(b))
}

/// Applies one `didChange` content change to the client's copy of the text.
pub fn apply_change(text: &mut String, change: &Value) {
    let new_text = change["text"].as_str().expect("text");
    match change.get("range") {
        None => *text = new_text.to_string(),
        Some(range) => {
            let (start, end) = byte_range(text, range);
            text.replace_range(start..end, new_text);
        }
    }
}

/// Applies a set of LSP text edits (non-overlapping, positions in the
/// original text) to `text`.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|edit| {
            let (start, end) = byte_range(text, &edit["range"]);
            (start, end, edit["newText"].as_str().expect("newText"))
        })
        .collect();
    spans.sort_by_key(|(start, end, _)| std::cmp::Reverse((*start, *end)));
    let mut out = text.to_string();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, new_text);
    }
    out
}
