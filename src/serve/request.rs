//! Reading a request head: the parts the server looks at, the cap on its size, and
//! the refusals of a head too large or unreadable.

use std::io;
use std::net::TcpStream;

/// The most a request line and its headers may take; a longer head is refused.
const MAX_HEAD: usize = 16 * 1024;

/// The parts of a request the server looks at.
pub(super) struct Head {
    pub(super) method: String,
    pub(super) path: String,
    pub(super) host: Option<String>,
    /// The client asked to close, or sent a body this server does not read.
    pub(super) close: bool,
}

/// What reading a request head gave.
pub(super) enum Read {
    Head(Head),
    /// The client closed the connection between requests.
    Closed,
    /// A request this server will not read: the status and why.
    Refused(u16, &'static str),
}

/// Reads one request head from `stream`, keeping in `buffer` what follows it. Never
/// holds more than `MAX_HEAD` bytes of it.
pub(super) fn read_head(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> io::Result<Read> {
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(buffer) {
            Ok(httparse::Status::Complete(length)) => {
                let header = |name: &str| {
                    request
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                let connection = header("connection")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let body = header("transfer-encoding").is_some()
                    || header("content-length").is_some_and(|l| l != "0");
                let head = Head {
                    method: request.method.unwrap_or("").to_string(),
                    path: request.path.unwrap_or("/").to_string(),
                    host: header("host"),
                    close: body
                        || connection.contains("close")
                        || (request.version == Some(0) && !connection.contains("keep-alive")),
                };
                buffer.drain(..length);
                return Ok(Read::Head(head));
            }
            Ok(httparse::Status::Partial) if buffer.len() >= MAX_HEAD => {
                return Ok(Read::Refused(431, "The request's headers are too large."));
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => {
                return Ok(Read::Refused(431, "The request has too many headers."));
            }
            Err(_) => return Ok(Read::Refused(400, "The request could not be read.")),
        }
        let room = (MAX_HEAD + 1 - buffer.len()).min(chunk.len());
        let n = match io::Read::read(stream, &mut chunk[..room]) {
            Ok(n) => n,
            Err(e) if buffer.is_empty() && is_timeout(&e) => return Ok(Read::Closed),
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(Read::Closed);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
