//! The server's one output stream, shared by the JSON-RPC framework and the
//! diagnostics publisher, each message written whole, in the order it was
//! queued, by a thread of its own.
//!
//! `tower-lsp-server` sends a notification by turning its parameters into
//! a JSON value tree and then the tree into text; for the diagnostics of a
//! large playbook (thousands, with related information) that tree costs
//! more than the check. The publisher therefore writes diagnostics
//! straight to text ([`crate::publish_diagnostics_body`]) and queues the
//! message itself, between the framework's messages: the framework writes
//! through a [`FrameworkWriter`], which queues only whole messages.
//!
//! The writing thread takes each message from the queue and writes its
//! header and body in one system call (two for a body larger than the
//! pipe holds at once). Written through tokio's stdout instead, a message
//! went to the client in three trips through the runtime's blocking
//! threads (the header, the body, the flush), each waking a thread that
//! was idle; on a virtual machine each such wake-up costs a fraction of a
//! millisecond, and the server's diagnostics are awaited by a user.
//!
//! The queue holds at most [`QUEUE`] messages: a client that stops
//! reading makes the server wait rather than grow.

use std::future::Future;
use std::io::{self, IoSlice, Write};
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::AsyncWrite;
use tokio::sync::{mpsc, oneshot};

/// The most messages queued and not yet written.
const QUEUE: usize = 64;

/// One message to write.
enum Outgoing {
    /// A JSON body; its header is written before it.
    Body(Vec<u8>),
    /// Whole messages already framed, headers and all (the framework's).
    Framed(Vec<u8>),
    /// Not a message: told once everything queued before it is written.
    Mark(oneshot::Sender<()>),
}

/// The output stream; clones share it.
#[derive(Clone)]
pub struct Output {
    queue: mpsc::Sender<Outgoing>,
}

fn closed() -> io::Error {
    io::Error::new(
        io::ErrorKind::BrokenPipe,
        "the output is closed: a write to the client failed",
    )
}

impl Output {
    /// An output whose messages a thread of its own writes to `writer`.
    pub fn on_thread(writer: impl Write + Send + 'static) -> io::Result<Self> {
        let (queue, mut messages) = mpsc::channel(QUEUE);
        std::thread::Builder::new()
            .name("parley-output".into())
            .spawn(move || {
                let mut writer = writer;
                while let Some(message) = messages.blocking_recv() {
                    if let Err(error) = write_message(&mut writer, message) {
                        crate::note!("parley lsp: cannot write to the client: {error}");
                        // Closing the queue makes every later send fail.
                        break;
                    }
                }
            })?;
        Ok(Output { queue })
    }

    /// Waits until every message queued so far has been written, or the
    /// output has closed, or `limit` has passed (a client that no longer
    /// reads must not hold the server). Whether they were written.
    pub async fn drain(&self, limit: Duration) -> bool {
        let (written, told) = oneshot::channel();
        let marked =
            async { self.queue.send(Outgoing::Mark(written)).await.is_ok() && told.await.is_ok() };
        tokio::time::timeout(limit, marked).await.unwrap_or(false)
    }

    /// Queues one message, its JSON body after its header.
    pub async fn send(&self, body: Vec<u8>) -> io::Result<()> {
        self.queue
            .send(Outgoing::Body(body))
            .await
            .map_err(|_| closed())
    }

    /// Queues one message from a thread outside the async runtime (one of
    /// its blocking threads), waiting there while the queue is full.
    pub fn send_blocking(&self, body: Vec<u8>) -> io::Result<()> {
        self.queue
            .blocking_send(Outgoing::Body(body))
            .map_err(|_| closed())
    }

    /// What the framework writes its own messages to.
    pub fn framework(&self) -> FrameworkWriter {
        FrameworkWriter {
            queue: self.queue.clone(),
            pending: Vec::new(),
            queueing: None,
        }
    }
}

/// Writes one message and flushes.
fn write_message(writer: &mut impl Write, message: Outgoing) -> io::Result<()> {
    match message {
        Outgoing::Body(body) => {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            write_all_vectored(
                writer,
                &mut [IoSlice::new(header.as_bytes()), IoSlice::new(&body)],
            )?;
        }
        Outgoing::Framed(bytes) => writer.write_all(&bytes)?,
        Outgoing::Mark(written) => {
            let _ = written.send(());
            return Ok(());
        }
    }
    writer.flush()
}

/// Writes all of `slices`, in as few calls as the writer takes.
fn write_all_vectored(writer: &mut impl Write, mut slices: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut slices, 0);
    while !slices.is_empty() {
        match writer.write_vectored(slices) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut slices, written),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

type Queueing = Pin<Box<dyn Future<Output = io::Result<()>> + Send>>;

/// The framework's end of an [`Output`]: gathers bytes until they make
/// whole messages, then queues those, so a published message never lands
/// inside one of them.
pub struct FrameworkWriter {
    queue: mpsc::Sender<Outgoing>,
    /// Bytes not yet queued: the start of a message not yet whole.
    pending: Vec<u8>,
    /// The last whole messages, until the queue has taken them.
    queueing: Option<Queueing>,
}

impl FrameworkWriter {
    fn poll_queueing(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let Some(queueing) = self.queueing.as_mut() {
            let done = ready!(queueing.as_mut().poll(cx));
            self.queueing = None;
            done?;
        }
        Poll::Ready(Ok(()))
    }

    /// Starts queueing the first `length` pending bytes.
    fn start_queueing(&mut self, length: usize) {
        if length == 0 {
            return;
        }
        let rest = self.pending.split_off(length.min(self.pending.len()));
        let bytes = std::mem::replace(&mut self.pending, rest);
        let queue = self.queue.clone();
        self.queueing = Some(Box::pin(async move {
            queue
                .send(Outgoing::Framed(bytes))
                .await
                .map_err(|_| closed())
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
        ready!(this.poll_queueing(cx))?;
        this.pending.extend_from_slice(bytes);
        let whole = whole_messages(&this.pending);
        this.start_queueing(whole);
        Poll::Ready(Ok(bytes.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.get_mut().poll_queueing(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_queueing(cx))?;
        // Whatever is left goes out, whole or not.
        this.start_queueing(this.pending.len());
        this.poll_queueing(cx)
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
    use std::sync::{Arc, Mutex};

    use tokio::io::AsyncWriteExt;

    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// What the writing thread wrote, and how many calls it took.
    #[derive(Clone, Default)]
    struct Recorded(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Recorded {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().0.clone()).unwrap()
        }
        fn calls(&self) -> usize {
            self.0.lock().unwrap().1
        }
    }

    impl Write for Recorded {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.write_vectored(&[IoSlice::new(bytes)])
        }
        /// Takes at most 7 bytes a call, to show that a message is written
        /// whole however the writer cuts it.
        fn write_vectored(&mut self, slices: &[IoSlice<'_>]) -> io::Result<usize> {
            let mut recorded = self.0.lock().unwrap();
            recorded.1 += 1;
            let mut taken = 0;
            for slice in slices {
                let take = slice.len().min(7 - taken);
                recorded.0.extend_from_slice(&slice[..take]);
                taken += take;
                if taken == 7 {
                    break;
                }
            }
            Ok(taken)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Writes everything the slices hold in one call.
    struct Whole(Arc<Mutex<usize>>);

    impl Write for Whole {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            *self.0.lock().unwrap() += 1;
            Ok(bytes.len())
        }
        fn write_vectored(&mut self, slices: &[IoSlice<'_>]) -> io::Result<usize> {
            *self.0.lock().unwrap() += 1;
            Ok(slices.iter().map(|slice| slice.len()).sum())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Fails every write, as a closed pipe does.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
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
        let recorded = Recorded::default();
        let output = Output::on_thread(recorded.clone()).unwrap();
        let mut framework = output.framework();
        let first = framed("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}");
        let (head, tail) = first.split_at(20);
        framework.write_all(head.as_bytes()).await.unwrap();
        framework.flush().await.unwrap();
        output.send(b"{\"published\":true}".to_vec()).await.unwrap();
        framework.write_all(tail.as_bytes()).await.unwrap();
        framework.flush().await.unwrap();
        framework.shutdown().await.unwrap();
        assert!(output.drain(Duration::from_secs(10)).await);
        assert_eq!(
            recorded.text(),
            format!("{}{first}", framed("{\"published\":true}"))
        );
        assert!(recorded.calls() > 1);
    }

    /// A published message goes out in one call when the writer takes it
    /// whole: its header is not a write of its own.
    #[tokio::test]
    async fn header_and_body_go_out_in_one_call() {
        let calls = Arc::new(Mutex::new(0));
        let output = Output::on_thread(Whole(Arc::clone(&calls))).unwrap();
        output.send(b"{\"a\":1}".to_vec()).await.unwrap();
        let from_a_blocking_thread = output.clone();
        tokio::task::spawn_blocking(move || from_a_blocking_thread.send_blocking(b"{}".to_vec()))
            .await
            .unwrap()
            .unwrap();
        assert!(output.drain(Duration::from_secs(10)).await);
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    /// Once a write fails, later sends say so rather than queue for ever,
    /// and draining does not wait.
    #[tokio::test]
    async fn a_failed_write_closes_the_output() {
        let output = Output::on_thread(Broken).unwrap();
        // The first is taken by the queue; its write fails.
        let _ = output.send(b"{}".to_vec()).await;
        let mut refused = false;
        for _ in 0..1000 {
            if output.send(b"{}".to_vec()).await.is_err() {
                refused = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        assert!(refused);
        assert!(!output.drain(Duration::from_secs(10)).await);
    }

    /// Draining ends when the writer cannot go on.
    #[tokio::test]
    async fn draining_has_a_limit() {
        let stuck = Output::on_thread(Stuck).unwrap();
        stuck.send(b"{}".to_vec()).await.unwrap();
        assert!(!stuck.drain(Duration::from_millis(50)).await);
    }

    /// Never returns from a write, as a client that stopped reading.
    struct Stuck;

    impl Write for Stuck {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            std::thread::park();
            Err(io::ErrorKind::Other.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
