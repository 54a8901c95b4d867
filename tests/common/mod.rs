//! Helpers shared by the integration tests. Each test binary uses some of them.
#![allow(dead_code)]

pub mod node;

/// A raw HTTP GET to 127.0.0.1, so a test sends paths exactly as an attacker would;
/// the status and the whole response.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, response))
}
