//! TEMPORARY stub until the converter lands.
use std::path::{Path, PathBuf};
/// Stub.
#[derive(Debug, thiserror::Error)]
#[error("bad model {path}")]
pub struct GgmlError {
    path: PathBuf,
}
/// Stub.
#[derive(Debug, Clone)]
pub struct GgmlInfo {
    pub file_size: u64,
}
/// Stub.
pub fn inspect_ggml(path: &Path) -> Result<GgmlInfo, GgmlError> {
    let b = std::fs::read(path).map_err(|_| GgmlError { path: path.into() })?;
    if b.len() < 4 || b[..4] != [0x6c, 0x6d, 0x67, 0x67] {
        return Err(GgmlError { path: path.into() });
    }
    Ok(GgmlInfo {
        file_size: b.len() as u64,
    })
}
