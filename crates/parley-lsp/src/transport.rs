//! A guard in front of the JSON-RPC reader: it passes on each well-formed
//! message and drops a malformed one (bad headers, a body that is not a
//! JSON-RPC object), saying so on stderr.
//!
//! The framed reader under `tower-lsp-server` stops reading at its first
//! decoding error, which would end the session over one bad message; past
//! this guard it only ever sees well-formed frames.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

/// The largest message accepted (64 MiB); a larger one is skipped.
const MAX_BODY: usize = 64 << 20;

/// What one frame of input held.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// A JSON-RPC message, as the bytes of its body.
    Message(Vec<u8>),
    /// Something that is not one, and why.
    Malformed(String),
}

/// Reads frames from `input` and passes the well-formed ones, re-framed, to
/// the stream it returns. The stream ends when `input` does.
pub(crate) fn guard(input: impl AsyncRead + Unpin + Send + 'static) -> DuplexStream {
    let (reader_side, mut feed) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut input = BufReader::new(input);
        loop {
            match read_frame(&mut input).await {
                Ok(Some(Frame::Message(body))) => {
                    let header = format!("Content-Length: {}\r\n\r\n", body.len());
                    if feed.write_all(header.as_bytes()).await.is_err()
                        || feed.write_all(&body).await.is_err()
                    {
                        break;
                    }
                }
                Ok(Some(Frame::Malformed(reason))) => {
                    eprintln!("parley lsp: dropped a malformed message: {reason}");
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
        Some(Err(reason)) => return Ok(Some(Frame::Malformed(reason))),
        None => return Ok(Some(Frame::Malformed("no Content-Length header".into()))),
    };
    if length > MAX_BODY {
        let skipped =
            tokio::io::copy(&mut input.take(length as u64), &mut tokio::io::sink()).await?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(Frame::Malformed(format!(
            "a body of {length} bytes is too large"
        ))));
    }
    let mut body = vec![0; length];
    if input.read_exact(&mut body).await.is_err() {
        return Ok(None);
    }
    Ok(Some(match check_message(&body) {
        Ok(()) => Frame::Message(body),
        Err(reason) => Frame::Malformed(reason),
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
fn check_message(body: &[u8]) -> Result<(), String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|error| format!("the body is not JSON: {error}"))?;
    let Value::Object(object) = &value else {
        return Err("the body is not a JSON object".into());
    };
    let is_request = object.get("method").is_some_and(Value::is_string);
    let is_response = object.contains_key("id")
        && (object.contains_key("result") || object.contains_key("error"));
    if is_request || is_response {
        Ok(())
    } else {
        Err("the body is neither a request, a notification nor a response".into())
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
                Frame::Malformed(_) => "malformed",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "message",
                "malformed",
                "malformed",
                "malformed",
                "malformed",
                "malformed",
                "message"
            ]
        );
        assert_eq!(frames[0], Frame::Message(good.as_bytes().to_vec()));
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
        assert!(matches!(frames[0], Frame::Malformed(_)), "{frames:?}");
        assert_eq!(
            frames[1..],
            [
                Frame::Message(good.as_bytes().to_vec()),
                Frame::Message(good.as_bytes().to_vec())
            ]
        );
    }
}
