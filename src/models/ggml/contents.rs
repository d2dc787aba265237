//! Reading a whole model file once: its hash, and whether its weights are numbers.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::{GgmlError, GgmlInfo, GgmlType, check_shape, scan_file};

#[cfg(doc)]
use super::inspect_whisper_model;

/// What [`verify_ggml_contents`] read: the layout and the file's SHA-256.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedContents {
    /// The layout, as [`inspect_whisper_model`] reports it.
    pub info: GgmlInfo,
    /// SHA-256 of the whole file, lower-case hex.
    pub sha256: String,
}

/// Reads a whole model file once: checks it as [`inspect_whisper_model`] does, checks that no
/// f32 or f16 weight is NaN or infinite, and hashes it.
///
/// NaN weights pass a layout check and make whisper.cpp grind for minutes (its temperature
/// fallback retries every window) before returning nothing, so they are caught here instead.
/// Reading costs about as much as hashing alone (well under a second for tiny.en).
pub fn verify_ggml_contents(path: &Path) -> Result<VerifiedContents, GgmlError> {
    let (info, sha256) = scan_file(path, Some(FullRead::default()))?;
    check_shape(path, &info)?;
    Ok(VerifiedContents {
        info,
        sha256: sha256.unwrap_or_default(),
    })
}

/// State of a scan that reads every byte rather than seeking over the weights.
pub(super) struct FullRead {
    /// Hash of every byte read so far.
    pub(super) hasher: Sha256,
    /// One fixed buffer for the whole scan: sizes from the file are checked against its length,
    /// never allocated.
    pub(super) buf: Vec<u8>,
}

impl Default for FullRead {
    fn default() -> Self {
        Self {
            hasher: Sha256::new(),
            buf: vec![0u8; CHUNK],
        }
    }
}

/// Bytes read at a time when a full scan passes over data; a multiple of 4 so that f32 and f16
/// values never straddle two chunks.
pub(super) const CHUNK: usize = 1 << 16;

/// Whether any value in `bytes` (little-endian f32 or f16 per `ty`) is NaN or infinite. Other
/// types hold scaled integers, which cannot be.
pub(super) fn has_non_finite(bytes: &[u8], ty: GgmlType) -> bool {
    match ty {
        // All exponent bits set means infinity or NaN in both formats.
        GgmlType::F32 => bytes
            .chunks_exact(4)
            .any(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) & 0x7f80_0000 == 0x7f80_0000),
        GgmlType::F16 => bytes
            .chunks_exact(2)
            .any(|b| u16::from_le_bytes([b[0], b[1]]) & 0x7c00 == 0x7c00),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_are_found_in_both_float_types() {
        let f32s: Vec<u8> = [1.0f32, f32::INFINITY]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert!(has_non_finite(&f32s, GgmlType::F32));
        assert!(!has_non_finite(&f32s[..4], GgmlType::F32));
        let f16s: Vec<u8> = [half::f16::ONE, half::f16::NAN]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert!(has_non_finite(&f16s, GgmlType::F16));
        assert!(!has_non_finite(&f16s[..2], GgmlType::F16));
        assert!(!has_non_finite(&[0xff; 34], GgmlType::Q8_0));
    }
}
