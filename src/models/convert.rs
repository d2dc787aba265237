//! TEMPORARY stub until the converter lands.
use std::path::{Path, PathBuf};
/// Stub.
#[derive(Debug, thiserror::Error)]
#[error("convert failed")]
pub struct ConvertError;
/// Stub.
pub fn convert_wheels(
    _w: &[PathBuf],
    _out: &Path,
    _p: &mut dyn FnMut(f32),
) -> Result<(), ConvertError> {
    Err(ConvertError)
}
/// Stub.
pub struct ConvertSummary {
    pub info: super::ggml::GgmlInfo,
}
/// Stub.
pub fn convert_path(
    _w: &Path,
    _out: &Path,
    _p: &mut dyn FnMut(f32),
) -> Result<ConvertSummary, ConvertError> {
    Err(ConvertError)
}
/// Stub.
pub fn suggested_name(_i: &super::ggml::GgmlInfo) -> String {
    "x".into()
}
