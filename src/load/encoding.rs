//! Source bytes as UTF-8 text: lone CRs read as line breaks, UTF-16 and bad bytes made diagnostics.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// The bytes of a source file as text, with a lone CR (old Mac line endings) read as a
/// line break: one byte for one, so every offset stays where it was.
pub fn text(mut bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    let mut from = 0;
    while let Some(at) = bytes[from..].iter().position(|&b| b == b'\r') {
        let at = from + at;
        if bytes.get(at + 1) != Some(&b'\n') {
            bytes[at] = b'\n';
        }
        from = at + 1;
    }
    String::from_utf8(bytes)
}

/// The bytes of `file` as text. Not UTF-8 is a diagnostic at the first bad byte (with
/// the text before it, to show its line), or, for UTF-16, at the start.
pub(super) fn utf8(file: &Path, bytes: Vec<u8>) -> Result<String, Box<(Diagnostic, String)>> {
    if is_utf16(&bytes) {
        return Err(Box::new((
            Diagnostic::error(file, 0..0, "the file is UTF-16 text; coursemark reads UTF-8")
                .with_help("save it as UTF-8 in your editor (Save As, encoding \"UTF-8\"; in Notepad, \"UTF-8\" rather than \"Unicode\")"),
            String::new(),
        )));
    }
    text(bytes).map_err(|e| {
        let prefix = valid_prefix(e.as_bytes()).to_string();
        let at = prefix.len();
        let byte = e.as_bytes()[at];
        Box::new((
            Diagnostic::error(
                file,
                at..at,
                format!("the file is not UTF-8 text: byte 0x{byte:02X} here is not UTF-8"),
            )
            .with_help("save the file as UTF-8 in your editor (it may be Latin-1 or Windows-1252: reopen it with that encoding, then save as UTF-8)"),
            prefix,
        ))
    })
}

/// The longest start of `bytes` that is UTF-8.
pub(super) fn valid_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // `valid_up_to` is a character boundary, so this is UTF-8.
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// UTF-16 by its byte-order mark, or by every other byte being zero (text in the Latin
/// alphabet without a mark), which UTF-8 text never has.
pub(super) fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    head.len() >= 4
        && (head.chunks(2).all(|p| p[1] == 0 && p[0] != 0)
            || head.chunks(2).all(|p| p[0] == 0 && p[1] != 0))
}
