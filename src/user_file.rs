//! Opening files a user (or someone who sent them one) named: recordings, question packs,
//! bundles, feedback files.
//!
//! Only regular files are opened. A named pipe would block the open until some other program
//! writes to it (the window would hang), and a directory or device fails later with an error
//! that reads like damage. Reading whole files is capped, because a file's size is chosen by
//! whoever made it.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Why a file named by the user could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum UserFileError {
    /// The operating system refused (missing, no permission, ...).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The path is not a regular file.
    #[error("it is {0}, not a file")]
    NotAFile(&'static str),
    /// The file is larger than this kind of file can sensibly be.
    #[error("it is {size} bytes, more than the {max} bytes such a file may have")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The cap.
        max: u64,
    },
}

/// What a path that is not a regular file is, in words, or `None` for a regular file.
pub fn not_a_file(file_type: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    if file_type.is_dir() {
        Some("a directory")
    } else if file_type.is_file() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Opens `path` only if it is a regular file (links are followed).
pub fn open_regular(path: &Path) -> Result<File, UserFileError> {
    let meta = std::fs::metadata(path)?;
    if let Some(kind) = not_a_file(&meta.file_type()) {
        return Err(UserFileError::NotAFile(kind));
    }
    Ok(File::open(path)?)
}

/// Reads a regular file of at most `max` bytes. The cap is enforced while reading, so a file
/// that grows after its size was checked cannot slip past it.
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, UserFileError> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > max {
        return Err(UserFileError::TooLarge { size, max });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(UserFileError::TooLarge {
            size: bytes.len() as u64,
            max,
        });
    }
    Ok(bytes)
}

/// Damages a file's bytes the way the property tests do: each `(at, value)` sets the byte at
/// that fraction of the length, then `cut` keeps only that fraction of the file.
#[cfg(test)]
pub(crate) fn mutate(bytes: &mut Vec<u8>, flips: &[(f64, u8)], cut: Option<f64>) {
    for &(at, value) in flips {
        if let Some(last) = bytes.len().checked_sub(1) {
            bytes[(last as f64 * at) as usize] = value;
        }
    }
    if let Some(c) = cut {
        bytes.truncate((bytes.len() as f64 * c) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_opened_and_reads_are_capped() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            open_regular(dir.path()),
            Err(UserFileError::NotAFile("a directory"))
        ));
        let file = dir.path().join("pack.toml");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_capped(&file, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_capped(&file, 9),
            Err(UserFileError::TooLarge { size: 10, max: 9 })
        ));
        assert!(matches!(
            read_capped(&dir.path().join("missing"), 9),
            Err(UserFileError::Io(_))
        ));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("pipe.toml");
            assert!(
                std::process::Command::new("mkfifo")
                    .arg(&fifo)
                    .status()
                    .unwrap()
                    .success()
            );
            // Returning at all is the test: opening a FIFO for reading would block.
            assert!(matches!(
                read_capped(&fifo, 100),
                Err(UserFileError::NotAFile("a named pipe (FIFO)"))
            ));
        }
    }
}
