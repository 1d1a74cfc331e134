//! A guard in front of the JSON-RPC reader: it passes on each well-formed
//! message and answers a malformed one itself (bad headers, a body that is
//! not a JSON-RPC object), as JSON-RPC 2.0 asks: `-32700` (parse error)
//! when there is no JSON to read, `-32600` (invalid request) when the JSON
//! is not a message, with the message's `id` when it has one, else `null`.
//! It also says so on stderr.
//!
//! The framed reader under `tower-lsp-server` stops reading at its first
//! decoding error, which would end the session over one bad message; past
//! this guard it only ever sees well-formed frames.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

use crate::output::Output;

/// The largest message accepted (64 MiB); a larger one is skipped.
const MAX_BODY: usize = 64 << 20;

/// What one frame of input held.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// A JSON-RPC message, as the bytes of its body.
    Message(Vec<u8>),
    /// Something that is not one: why, and how it is answered.
    Malformed(Malformed),
}

/// A frame that holds no JSON-RPC message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub reason: String,
    /// The JSON-RPC error code of the answer: [`PARSE_ERROR`] or
    /// [`INVALID_REQUEST`].
    pub code: i64,
    /// The `id` the body gave, `null` when it gave none (or none can be read).
    pub id: Value,
}

/// No JSON could be read.
pub(crate) const PARSE_ERROR: i64 = -32700;
/// JSON, but not a request, a notification or a response.
pub(crate) const INVALID_REQUEST: i64 = -32600;

impl Malformed {
    fn parse_error(reason: impl Into<String>) -> Frame {
        Frame::Malformed(Malformed {
            reason: reason.into(),
            code: PARSE_ERROR,
            id: Value::Null,
        })
    }

    /// The error response that answers it.
    pub(crate) fn answer(&self) -> Vec<u8> {
        let what = if self.code == PARSE_ERROR {
            "Parse error"
        } else {
            "Invalid Request"
        };
        let message = format!("{what}: {}", self.reason);
        json!({
            "jsonrpc": "2.0",
            "id": self.id,
            "error": { "code": self.code, "message": message },
        })
        .to_string()
        .into_bytes()
    }
}

/// When the guard last read a whole message: the arrival of a change, for
/// the server, whose handler runs only once the framework under it has
/// decoded and dispatched the message (a millisecond or more after a quiet
/// moment, when that code has to be brought back into the processor's
/// caches).
#[derive(Clone, Debug, Default)]
pub(crate) struct Arrivals(Arc<Mutex<Option<Instant>>>);

impl Arrivals {
    /// Arrivals whose last message was read at `at`.
    #[cfg(test)]
    pub(crate) fn read_at(at: Instant) -> Self {
        Arrivals(Arc::new(Mutex::new(Some(at))))
    }

    fn mark(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now());
    }

    /// When the last message was read, if one was.
    ///
    /// Messages are handled in the order they are read, so for the one
    /// being handled this is no earlier than its own arrival (and no later
    /// than now).
    pub(crate) fn last(&self) -> Option<Instant> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads frames from `input` and passes the well-formed ones, re-framed, to
/// the stream it returns, marking each one's arrival on `arrivals`;
/// answers the malformed ones on `output`. The stream ends when `input`
/// does.
pub(crate) fn guard(
    input: impl AsyncRead + Unpin + Send + 'static,
    output: Output,
    arrivals: Arrivals,
) -> DuplexStream {
    let (reader_side, mut feed) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        loop {
            match read_frame(&mut input).await {
                Ok(Some(Frame::Message(body))) => {
                    arrivals.mark();
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if feed.write_all(header.as_bytes()).await.is_err()
                        || feed.write_all(&body).await.is_err()
                    {
                        break;
                    }
                }
                Ok(Some(Frame::Malformed(malformed))) => {
                    crate::note!(
                        "parley lsp: answered a malformed message with an error: {}",
                        malformed.reason
                    );
                    if output.send(malformed.answer()).await.is_err() {
                        break;
                    }
                }
                Ok(None) | Err(_) => break,
            }
        }
    });
    reader_side
}

/// The next frame, or `None` at the end of the input.
pub(crate) async fn read_frame(
    input: &mut (impl AsyncBufReadExt + AsyncReadExt + Unpin),
) -> std::io::Result<Option<Frame>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        let line = resync(line.trim_end_matches(['\r', '\n']));
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("`Content-Length: {}` is not a length", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(reason)) => return Ok(Some(Malformed::parse_error(reason))),
        None => return Ok(Some(Malformed::parse_error("no Content-Length header"))),
    };
    if length > MAX_BODY {
        let skipped =
            tokio::io::copy(&mut input.take(length as u64), &mut tokio::io::sink()).await?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(Frame::Malformed(Malformed {
            reason: format!("a body of {length} bytes is too large"),
            code: INVALID_REQUEST,
            id: Value::Null,
        })));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).await.is_err() {
        return Ok(None);
    }
    Ok(Some(match check_message(&body) {
        Ok(()) => Frame::Message(body),
        Err(malformed) => Frame::Malformed(malformed),
    }))
}

/// A header line from its last `Content-Length` on: after a body shorter
/// than its header said, the body's rest runs into the next header line
/// (bodies end without a line break), and every later message would be
/// lost with it.
fn resync(line: &str) -> &str {
    const NAME: &str = "content-length";
    match line.to_ascii_lowercase().rfind(NAME) {
        Some(at) if at > 0 => line.get(at..).unwrap_or(line),
        _ => line,
    }
}

/// Whether a body is a JSON-RPC request, notification or response.
fn check_message(body: &[u8]) -> Result<(), Malformed> {
    let shape: Shape = serde_json::from_slice(body).map_err(|error| Malformed {
        reason: format!("the body is not JSON: {error}"),
        code: PARSE_ERROR,
        id: Value::Null,
    })?;
    let invalid = |reason: &str, id: Value| Malformed {
        reason: reason.to_string(),
        code: INVALID_REQUEST,
        id,
    };
    let Shape::Object {
        method_is_text,
        id,
        answers,
    } = shape
    else {
        return Err(invalid("the body is not a JSON object", Value::Null));
    };
    if method_is_text || (id.is_some() && answers) {
        return Ok(());
    }
    // Only a number or a string is an id; anything else is answered as
    // if there were none.
    let id = id
        .filter(|id| id.is_number() || id.is_string())
        .unwrap_or(Value::Null);
    Err(invalid(
        "the body is neither a request, a notification nor a response",
        id,
    ))
}

/// What the guard reads of a body: whether it is an object, and of an
/// object its `method` (whether it is text), its `id` and whether it has a
/// `result` or an `error`. Every other member is skipped as it is read,
/// not built: a `didOpen` carries the whole document, which the framework
/// reads next anyway. A member given twice counts as JSON's readers take
/// it, the last one.
enum Shape {
    Object {
        method_is_text: bool,
        id: Option<Value>,
        answers: bool,
    },
    /// Valid JSON, but not an object.
    Other,
}

/// The members [`Shape`] reads.
enum Member {
    Method,
    Id,
    Answer,
    Other,
}

impl<'de> serde::Deserialize<'de> for Member {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Member;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member's name")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Member, E> {
                Ok(match name {
                    "method" => Member::Method,
                    "id" => Member::Id,
                    "result" | "error" => Member::Answer,
                    _ => Member::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

impl<'de> serde::Deserialize<'de> for Shape {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};

        struct Body;
        impl<'de> Visitor<'de> for Body {
            type Value = Shape;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Shape, A::Error> {
                let (mut method_is_text, mut id, mut answers) = (false, None, false);
                while let Some(member) = members.next_key::<Member>()? {
                    match member {
                        Member::Method => {
                            method_is_text = members.next_value::<Value>()?.is_string();
                        }
                        Member::Id => id = Some(members.next_value::<Value>()?),
                        Member::Answer => {
                            members.next_value::<IgnoredAny>()?;
                            answers = true;
                        }
                        Member::Other => {
                            members.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Shape::Object {
                    method_is_text,
                    id,
                    answers,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Shape, A::Error> {
                while items.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Shape::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
            fn visit_unit<E>(self) -> Result<Shape, E> {
                Ok(Shape::Other)
            }
        }
        deserializer.deserialize_any(Body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &str) -> Vec<Frame> {
        let mut reader = BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        while let Some(frame) = read_frame(&mut reader).await.unwrap() {
            out.push(frame);
        }
        out
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The guard marks each message it passes on as it reads it, before the
    /// framework under it can see it.
    #[tokio::test]
    async fn each_message_is_marked_as_it_is_read() {
        let output = Output::on_thread(std::io::sink()).unwrap();
        let arrivals = Arrivals::default();
        assert_eq!(arrivals.last(), None);
        let (mut client, server) = tokio::io::duplex(1 << 10);
        let mut passed = guard(server, output, arrivals.clone());
        let message = framed(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let before = Instant::now();
        client.write_all(message.as_bytes()).await.unwrap();
        let mut read = vec![0; message.len()];
        passed.read_exact(&mut read).await.unwrap();
        assert_eq!(read, message.as_bytes());
        let first = arrivals.last().expect("marked before it was passed on");
        assert!(first >= before);
        client.write_all(message.as_bytes()).await.unwrap();
        passed.read_exact(&mut read).await.unwrap();
        assert!(arrivals.last().unwrap() >= first);
    }

    #[tokio::test]
    async fn passes_messages_and_drops_what_is_not_one() {
        let good = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = [
            framed(good),
            framed("{not json"),
            framed("[1]"),
            framed(r#"{"jsonrpc":"2.0"}"#),
            "Content-Type: text/plain\r\n\r\n".to_string(),
            "Content-Length: many\r\n\r\n".to_string(),
            format!(
                "content-length: {}\r\nContent-Type: x\r\n\r\n{good}",
                good.len()
            ),
            "Content-Length: 50\r\n\r\n{\"cut\":".to_string(),
        ]
        .concat();
        let frames = frames(&input).await;
        let kinds: Vec<&str> = frames
            .iter()
            .map(|frame| match frame {
                Frame::Message(_) => "message",
                Frame::Malformed(Malformed {
                    code: PARSE_ERROR, ..
                }) => "parse error",
                Frame::Malformed(_) => "invalid",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "message",
                "parse error",
                "invalid",
                "invalid",
                "parse error",
                "parse error",
                "message"
            ]
        );
        assert_eq!(frames[0], Frame::Message(good.as_bytes().to_vec()));
    }

    #[tokio::test]
    async fn a_malformed_message_is_answered_with_its_id_when_it_has_one() {
        let input = [
            framed(r#"{"jsonrpc":"2.0","id":7}"#),
            framed(r#"{"jsonrpc":"2.0","id":"seven","params":{}}"#),
            framed(r#"{"jsonrpc":"2.0","id":[7]}"#),
            framed("{not json"),
        ]
        .concat();
        let answers: Vec<Value> = frames(&input)
            .await
            .into_iter()
            .map(|frame| match frame {
                Frame::Malformed(malformed) => serde_json::from_slice(&malformed.answer()).unwrap(),
                Frame::Message(body) => panic!("passed on: {body:?}"),
            })
            .collect();
        let ids: Vec<&Value> = answers.iter().map(|a| &a["id"]).collect();
        assert_eq!(
            ids,
            [&json!(7), &json!("seven"), &Value::Null, &Value::Null]
        );
        let codes: Vec<&Value> = answers.iter().map(|a| &a["error"]["code"]).collect();
        assert_eq!(
            codes,
            [
                &json!(-32600),
                &json!(-32600),
                &json!(-32600),
                &json!(-32700)
            ]
        );
        assert!(
            answers
                .iter()
                .all(|a| a["jsonrpc"] == "2.0" && a.get("result").is_none())
        );
        let message = answers[3]["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with("Parse error: the body is not JSON"),
            "{message}"
        );
    }

    /// The guard reads only a message's kind and id, the way a JSON reader
    /// would read the whole body.
    #[test]
    fn a_body_is_judged_by_its_method_id_result_and_error() {
        let passes = |body: &str| check_message(body.as_bytes()).is_ok();
        assert!(passes(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        assert!(passes(
            r#"{"params":{"text":"a \"quoted\" {[ text","n":[1,{"a":null}]},"method":"x"}"#
        ));
        // A response whose result is null is still a response.
        assert!(passes(r#"{"jsonrpc":"2.0","id":1,"result":null}"#));
        assert!(passes(
            r#"{"id":null,"error":{"code":-32600,"message":"m"}}"#
        ));
        // A member given twice: the last one counts.
        assert!(passes(r#"{"method":5,"method":"x"}"#));
        assert!(!passes(r#"{"method":"x","method":5}"#));
        // Not a request (the method is not text), not a response (no id).
        assert!(!passes(r#"{"method":{"name":"x"}}"#));
        assert!(!passes(r#"{"result":1}"#));
        for other in [
            "[1,{\"method\":\"x\"}]",
            "\"text\"",
            "5",
            "-1.5",
            "true",
            "null",
        ] {
            let Err(malformed) = check_message(other.as_bytes()) else {
                panic!("{other} passed");
            };
            assert_eq!(malformed.code, INVALID_REQUEST, "{other}");
            assert_eq!(malformed.reason, "the body is not a JSON object");
        }
        for broken in ["{\"method\":\"x\"", "{\"method\":\"x\"} trailing", ""] {
            let Err(malformed) = check_message(broken.as_bytes()) else {
                panic!("{broken} passed");
            };
            assert_eq!(malformed.code, PARSE_ERROR, "{broken}");
        }
    }

    /// What the guard decided when it read the whole body as a value tree:
    /// the rule it keeps, for the property below.
    fn judged_as_a_tree(body: &[u8]) -> Result<(), (i64, Value)> {
        let value: Value = serde_json::from_slice(body).map_err(|_| (PARSE_ERROR, Value::Null))?;
        let Value::Object(object) = &value else {
            return Err((INVALID_REQUEST, Value::Null));
        };
        let is_request = object.get("method").is_some_and(Value::is_string);
        let is_response = object.contains_key("id")
            && (object.contains_key("result") || object.contains_key("error"));
        if is_request || is_response {
            return Ok(());
        }
        let id = object
            .get("id")
            .filter(|id| id.is_number() || id.is_string())
            .cloned()
            .unwrap_or(Value::Null);
        Err((INVALID_REQUEST, id))
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "[a-z\"\\{}\\[\\] ]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::vec(
                    (
                        prop_oneof![
                            Just("method".to_string()),
                            Just("id".to_string()),
                            Just("result".to_string()),
                            Just("error".to_string()),
                            Just("params".to_string()),
                            "[a-z]{1,3}",
                        ],
                        inner
                    ),
                    0..5
                )
                .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Reading only the kind and the id judges every body as reading
        /// the whole of it did: the same verdict, code and id.
        #[test]
        fn the_guard_judges_as_the_value_tree_did(value in json_value()) {
            let body = value.to_string();
            let judged = check_message(body.as_bytes())
                .map_err(|malformed| (malformed.code, malformed.id));
            proptest::prop_assert_eq!(judged, judged_as_a_tree(body.as_bytes()));
        }
    }

    /// A Content-Length five bytes short used to lose every later message:
    /// the body's last bytes ran into the next header line.
    #[tokio::test]
    async fn a_short_content_length_loses_only_its_own_message() {
        let cut = r#"{"jsonrpc":"2.0","id":2,"method":"foo/bar"}"#;
        let good = r#"{"jsonrpc":"2.0","id":3,"method":"foo/bar"}"#;
        let input = [
            format!("Content-Length: {}\r\n\r\n{cut}", cut.len() - 5),
            framed(good),
            framed(good),
        ]
        .concat();
        let frames = frames(&input).await;
        assert!(
            matches!(
                frames[0],
                Frame::Malformed(Malformed {
                    code: PARSE_ERROR,
                    ..
                })
            ),
            "{frames:?}"
        );
        assert_eq!(
            frames[1..],
            [
                Frame::Message(good.as_bytes().to_vec()),
                Frame::Message(good.as_bytes().to_vec())
            ]
        );
    }
}
