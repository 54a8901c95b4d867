//! The package's zip: entries in path order with fixed times and permissions, so the
//! same course always gives a byte-identical file; written beside the target and
//! renamed into place (`write::replace_file`), so a failure never leaves half a zip.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// Writes `files` (path in the zip -> bytes) as a zip at `out`; returns its size.
pub fn write(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> io::Result<u64> {
    if out.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{}: is a folder; give the package a file name such as course.zip with -o",
                out.display()
            ),
        ));
    }
    let mut bytes = io::Cursor::new(Vec::new());
    zip_into(&mut bytes, files)?;
    let bytes = bytes.into_inner();
    crate::write::replace_file(out, &bytes)?;
    Ok(bytes.len() as u64)
}

fn zip_into<W: Write + io::Seek>(sink: W, files: &BTreeMap<String, Vec<u8>>) -> io::Result<()> {
    // The current time and the building system would make every zip different.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(sink);
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options)
            .map_err(io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(io::Error::other)?.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_files_give_the_same_zip() {
        let dir = std::env::temp_dir().join(format!("cm-archive-{}", std::process::id()));
        let files: BTreeMap<String, Vec<u8>> = [("b.txt", "bee"), ("a/index.html", "<p>a</p>")]
            .into_iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect();
        let (one, two) = (dir.join("one.zip"), dir.join("two.zip"));
        write(&one, &files).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        write(&two, &files).unwrap();
        assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&two).unwrap());
        assert!(write(&dir, &files).is_err(), "a folder is refused");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
