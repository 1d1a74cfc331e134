//! The server's one output stream, shared by the JSON-RPC framework and the
//! diagnostics publisher, each message written whole.
//!
//! `tower-lsp-server` sends a notification by turning its parameters into
//! a JSON value tree and then the tree into text; for the diagnostics of a
//! large playbook (thousands, with related information) that tree costs
//! more than the check. The publisher therefore writes diagnostics
//! straight to text ([`crate::publish_diagnostics_body`]) and sends the message
//! itself, between the framework's messages: the framework writes through a
//! [`FrameworkWriter`], which passes on only whole messages, under the same
//! lock.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;

type Writer = Arc<Mutex<Pin<Box<dyn AsyncWrite + Send>>>>;

/// The output stream; clones share it.
#[derive(Clone)]
pub struct Output {
    writer: Writer,
}

impl Output {
    pub fn new(writer: impl AsyncWrite + Send + 'static) -> Self {
        Output {
            writer: Arc::new(Mutex::new(Box::pin(writer))),
        }
    }

    /// Writes one message, its JSON body after its header, and flushes.
    pub async fn send(&self, body: &[u8]) -> io::Result<()> {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let mut writer = self.writer.lock().await;
        writer.write_all(header.as_bytes()).await?;
        writer.write_all(body).await?;
        writer.flush().await
    }

    /// What the framework writes its own messages to.
    pub fn framework(&self) -> FrameworkWriter {
        FrameworkWriter {
            writer: Arc::clone(&self.writer),
            pending: Vec::new(),
            writing: None,
        }
    }
}

type Writing = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

/// The framework's end of an [`Output`]: gathers bytes until they make
/// whole messages, then writes those under the output's lock, so a
/// published message never lands inside one of them.
pub struct FrameworkWriter {
    writer: Writer,
    /// Bytes not yet written: the start of a message not yet whole.
    pending: Vec<u8>,
    /// The write of the last whole messages, until it is done.
    writing: Option<Writing>,
}

impl FrameworkWriter {
    fn poll_writing(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(writing) = self.writing.as_mut() {
            let done = ready!(writing.as_mut().poll(cx));
            self.writing = None;
            done?;
        }
        Poll::Ready(Ok(()))
    }

    /// Starts writing the first `length` pending bytes.
    fn start_writing(&mut self, length: usize) {
        if length == 0 {
            return;
        }
        let rest = self.pending.split_off(length.min(self.pending.len()));
        let bytes = std::mem::replace(&mut self.pending, rest);
        let writer = Arc::clone(&self.writer);
        self.writing = Some(Box::pin(async move {
            let mut writer = writer.lock().await;
            writer.write_all(&bytes).await?;
            writer.flush().await
        }));
    }
}

impl AsyncWrite for FrameworkWriter {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bytes: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_writing(cx))?;
        this.pending.extend_from_slice(bytes);
        let whole = whole_messages(&this.pending);
        this.start_writing(whole);
        Poll::Ready(Ok(bytes.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().poll_writing(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_writing(cx))?;
        // Whatever is left goes out, whole or not.
        this.start_writing(this.pending.len());
        this.poll_writing(cx)
    }
}

/// How many bytes at the start of `bytes` make whole messages (a
/// `Content-Length` header, a blank line, and that many bytes of body). A
/// header without a length is not one this writer knows: all of it counts
/// as whole, so nothing is held back.
fn whole_messages(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(rest) = bytes.get(at..).filter(|rest| !rest.is_empty()) {
        let Some(header_end) = rest.windows(4).position(|window| window == b"\r\n\r\n") else {
            break;
        };
        let header = String::from_utf8_lossy(rest.get(..header_end).unwrap_or_default());
        let length = header.split("\r\n").find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())
                .flatten()
        });
        let Some(length) = length else {
            return bytes.len();
        };
        let total = header_end.saturating_add(4).saturating_add(length);
        if rest.len() < total {
            break;
        }
        at += total;
    }
    at
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt;

    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn counts_only_whole_messages() {
        let one = framed("{\"a\":1}");
        let two = framed("{\"b\":22}");
        let both = format!("{one}{two}");
        assert_eq!(whole_messages(both.as_bytes()), both.len());
        assert_eq!(
            whole_messages(&both.as_bytes()[..both.len() - 1]),
            one.len()
        );
        assert_eq!(whole_messages(&one.as_bytes()[..10]), 0);
        assert_eq!(whole_messages(b""), 0);
        // Not a header this writer knows: nothing is held back.
        let unknown = b"X-Other: 1\r\n\r\n{}";
        assert_eq!(whole_messages(unknown), unknown.len());
    }

    /// A message published while the framework's is half written goes
    /// after it, never inside it.
    #[tokio::test]
    async fn a_published_message_never_lands_inside_another() {
        let (write_end, mut read_end) = tokio::io::duplex(1 << 16);
        let output = Output::new(write_end);
        let mut framework = output.framework();
        let first = framed("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
        let (head, tail) = first.split_at(20);
        framework.write_all(head.as_bytes()).await.unwrap();
        framework.flush().await.unwrap();
        output.send(b"{\"published\":true}").await.unwrap();
        framework.write_all(tail.as_bytes()).await.unwrap();
        framework.flush().await.unwrap();
        framework.shutdown().await.unwrap();
        drop((framework, output));
        let mut written = String::new();
        read_end.read_to_string(&mut written).await.unwrap();
        assert_eq!(
            written,
            format!("{}{first}", framed("{\"published\":true}"))
        );
    }
}
