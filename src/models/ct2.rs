//! Reader for CTranslate2 (faster-whisper) `model.bin` files and their `vocabulary.txt`.
//!
//! The parser streams from any [`Read`] so that a model can be read straight out of a zip entry
//! (or several concatenated ones) without first unpacking it to disk. Only one copy of the
//! weights is ever held: each variable owns exactly the bytes of its data.
//!
//! Every inconsistency is reported as a [`Ct2Error`] carrying the byte offset where it was
//! found, because a wrong parse that silently "succeeds" would produce a model that whisper.cpp
//! either rejects with a cryptic message or, worse, runs with garbage weights.

use std::collections::HashMap;
use std::io::{self, Read};

use thiserror::Error;

/// The only `model.bin` binary version this parser understands.
pub const CT2_BINARY_VERSION: u32 = 6;

/// Largest rank a variable may have; real Whisper models use at most 3.
const MAX_RANK: u8 = 8;

/// Upper bound on the initial allocation for one variable's data. Larger variables grow the
/// buffer as bytes actually arrive, so a corrupt size field in a truncated file costs a clear
/// error, not a multi-gigabyte allocation.
const MAX_INITIAL_ALLOC: usize = 64 << 20;

/// Errors from reading a CTranslate2 model or vocabulary.
#[derive(Debug, Error)]
pub enum Ct2Error {
    /// The underlying reader failed for a reason other than end of input.
    #[error("read error at byte {offset}: {source}")]
    Io {
        /// Byte offset in the model stream where the read was attempted.
        offset: u64,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The input ended in the middle of a field.
    #[error("file is truncated: it ends at byte {offset} while reading {what}")]
    Truncated {
        /// Byte offset where the input ended.
        offset: u64,
        /// The field being read.
        what: String,
    },
    /// The binary version is not [`CT2_BINARY_VERSION`].
    #[error("unsupported CTranslate2 binary version {found} (expected {CT2_BINARY_VERSION})")]
    BadVersion {
        /// The version found in the file.
        found: u32,
    },
    /// The model is a CTranslate2 model, but not a Whisper one.
    #[error("model spec is '{found}', not WhisperSpec")]
    NotWhisper {
        /// The spec name found in the file.
        found: String,
    },
    /// A length-prefixed string is malformed (no trailing NUL, not UTF-8).
    #[error("malformed string at byte {offset}: {problem}")]
    BadString {
        /// Byte offset of the string's length prefix.
        offset: u64,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// A variable header is malformed (rank too high, dimensions overflow).
    #[error("malformed header for variable '{name}' at byte {offset}: {problem}")]
    BadHeader {
        /// Byte offset of the variable's name.
        offset: u64,
        /// The variable's name.
        name: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A variable has a data type code this parser does not know.
    #[error("variable '{name}' has unknown data type code {code} at byte {offset}")]
    UnknownDtype {
        /// Byte offset of the dtype byte.
        offset: u64,
        /// The variable's name.
        name: String,
        /// The dtype code.
        code: u8,
    },
    /// A variable's byte count disagrees with its shape and data type.
    #[error(
        "variable '{name}' at byte {offset} declares {found} bytes but its shape {dims:?} of {dtype:?} needs {expected}"
    )]
    SizeMismatch {
        /// Byte offset of the byte-count field.
        offset: u64,
        /// The variable's name.
        name: String,
        /// Declared shape.
        dims: Vec<usize>,
        /// Declared data type.
        dtype: Ct2Dtype,
        /// Bytes implied by shape and data type.
        expected: u64,
        /// Bytes declared in the file.
        found: u64,
    },
    /// Two variables share a name.
    #[error("variable '{name}' appears twice (second at byte {offset})")]
    DuplicateVariable {
        /// Byte offset of the second occurrence.
        offset: u64,
        /// The repeated name.
        name: String,
    },
    /// An alias points at a variable that does not exist.
    #[error("alias '{alias}' at byte {offset} points to missing variable '{target}'")]
    DanglingAlias {
        /// Byte offset of the alias entry.
        offset: u64,
        /// The alias name.
        alias: String,
        /// The missing target.
        target: String,
    },
    /// Bytes remain after the alias table, which means the parse went wrong somewhere.
    #[error("unexpected data after the end of the model at byte {offset}")]
    TrailingBytes {
        /// Byte offset where the model should have ended.
        offset: u64,
    },
    /// The vocabulary file is unusable.
    #[error("vocabulary line {line}: {problem}")]
    BadVocabulary {
        /// 1-based line number (0 when the problem concerns the whole file).
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
}

/// Data types used by CTranslate2 variables (codes 0..=5 of binary version 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ct2Dtype {
    /// IEEE 754 single precision.
    F32,
    /// Signed 8-bit integer (quantised weights or flags).
    I8,
    /// Signed 16-bit integer (scalars such as `num_heads`).
    I16,
    /// Signed 32-bit integer.
    I32,
    /// IEEE 754 half precision.
    F16,
    /// bfloat16.
    Bf16,
}

impl Ct2Dtype {
    /// Maps a dtype code from the file to a type, or `None` if unknown.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::F32,
            1 => Self::I8,
            2 => Self::I16,
            3 => Self::I32,
            4 => Self::F16,
            5 => Self::Bf16,
            _ => return None,
        })
    }

    /// Size of one element in bytes.
    pub fn size(self) -> usize {
        match self {
            Self::I8 => 1,
            Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
        }
    }
}

/// One named variable of a CTranslate2 model: shape, data type and raw little-endian bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Ct2Variable {
    /// Shape, outermost dimension first (row-major). Empty for scalars.
    pub dims: Vec<usize>,
    /// Element type of `data`.
    pub dtype: Ct2Dtype,
    /// Raw little-endian element bytes; length is `dims.product() * dtype.size()`.
    pub data: Vec<u8>,
}

impl Ct2Variable {
    /// Number of elements (1 for a scalar).
    pub fn n_elements(&self) -> usize {
        self.dims.iter().product()
    }

    /// Reads a scalar integer variable (i8/i16/i32), e.g. `encoder/num_heads`.
    pub fn as_int_scalar(&self) -> Option<i64> {
        if self.n_elements() != 1 {
            return None;
        }
        let d = &self.data;
        // `get` + `try_into` rather than indexing: a hand-built variable may be inconsistent.
        match self.dtype {
            Ct2Dtype::I8 => Some(i64::from(i8::from_le_bytes(d.get(..1)?.try_into().ok()?))),
            Ct2Dtype::I16 => Some(i64::from(i16::from_le_bytes(d.get(..2)?.try_into().ok()?))),
            Ct2Dtype::I32 => Some(i64::from(i32::from_le_bytes(d.get(..4)?.try_into().ok()?))),
            _ => None,
        }
    }
}

/// A parsed CTranslate2 model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ct2Model {
    /// Spec name, e.g. `WhisperSpec`.
    pub spec_name: String,
    /// Spec revision (3 for current Whisper models).
    pub spec_revision: u32,
    /// Variables by name.
    pub variables: HashMap<String, Ct2Variable>,
    /// Aliases: alias name -> target variable name.
    pub aliases: HashMap<String, String>,
    /// Total number of bytes parsed (equals the file size).
    pub n_bytes: u64,
}

impl Ct2Model {
    /// Parses a Whisper `model.bin` from a stream, consuming it to the exact end.
    ///
    /// Fails with a typed error (with byte offset) on a bad version, a non-Whisper spec, an
    /// unknown dtype, a size mismatch, truncation or trailing bytes.
    pub fn read_from<R: Read>(reader: R) -> Result<Self, Ct2Error> {
        let mut r = OffsetReader {
            inner: reader,
            offset: 0,
        };
        let version = r.u32("binary version")?;
        if version != CT2_BINARY_VERSION {
            return Err(Ct2Error::BadVersion { found: version });
        }
        let spec_name = r.string("spec name")?;
        if spec_name != "WhisperSpec" {
            return Err(Ct2Error::NotWhisper { found: spec_name });
        }
        let spec_revision = r.u32("spec revision")?;
        let n_variables = r.u32("variable count")?;

        let mut variables = HashMap::new();
        for _ in 0..n_variables {
            let name_offset = r.offset;
            let name = r.string("variable name")?;
            let rank = r.u8(&format!("rank of '{name}'"))?;
            if rank > MAX_RANK {
                return Err(Ct2Error::BadHeader {
                    offset: name_offset,
                    name,
                    problem: format!("rank {rank} is larger than {MAX_RANK}"),
                });
            }
            let mut dims = Vec::with_capacity(usize::from(rank));
            for i in 0..rank {
                dims.push(r.u32(&format!("dimension {i} of '{name}'"))? as usize);
            }
            let dtype_offset = r.offset;
            let code = r.u8(&format!("data type of '{name}'"))?;
            let dtype = Ct2Dtype::from_code(code).ok_or_else(|| Ct2Error::UnknownDtype {
                offset: dtype_offset,
                name: name.clone(),
                code,
            })?;
            let size_offset = r.offset;
            let n_bytes = u64::from(r.u32(&format!("byte count of '{name}'"))?);
            let expected = dims
                .iter()
                .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64))
                .ok_or_else(|| Ct2Error::BadHeader {
                    offset: name_offset,
                    name: name.clone(),
                    problem: format!("shape {dims:?} overflows"),
                })?;
            if expected != n_bytes {
                return Err(Ct2Error::SizeMismatch {
                    offset: size_offset,
                    name,
                    dims,
                    dtype,
                    expected,
                    found: n_bytes,
                });
            }
            let data = r.bytes(n_bytes, &format!("data of '{name}'"))?;
            if variables.contains_key(&name) {
                return Err(Ct2Error::DuplicateVariable {
                    offset: name_offset,
                    name,
                });
            }
            variables.insert(name, Ct2Variable { dims, dtype, data });
        }

        let n_aliases = r.u32("alias count")?;
        let mut aliases = HashMap::new();
        for _ in 0..n_aliases {
            let offset = r.offset;
            let alias = r.string("alias name")?;
            let target = r.string("alias target")?;
            if !variables.contains_key(&target) {
                return Err(Ct2Error::DanglingAlias {
                    offset,
                    alias,
                    target,
                });
            }
            aliases.insert(alias, target);
        }

        // A correct parse ends exactly at the end of the input; anything left over means a
        // field was misread, so the weights we extracted cannot be trusted.
        let end = r.offset;
        let mut probe = [0u8; 1];
        loop {
            match r.inner.read(&mut probe) {
                Ok(0) => break,
                Ok(_) => return Err(Ct2Error::TrailingBytes { offset: end }),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(source) => {
                    return Err(Ct2Error::Io {
                        offset: end,
                        source,
                    });
                }
            }
        }

        Ok(Self {
            spec_name,
            spec_revision,
            variables,
            aliases,
            n_bytes: end,
        })
    }

    /// Looks up a variable by name, following aliases.
    pub fn get(&self, name: &str) -> Option<&Ct2Variable> {
        self.variables
            .get(name)
            .or_else(|| self.aliases.get(name).and_then(|t| self.variables.get(t)))
    }
}

/// A reader that tracks the byte offset so every error can say where it happened.
struct OffsetReader<R> {
    inner: R,
    offset: u64,
}

impl<R: Read> OffsetReader<R> {
    fn fill(&mut self, buf: &mut [u8], what: &str) -> Result<(), Ct2Error> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.inner.read(&mut buf[filled..]) {
                Ok(0) => {
                    return Err(Ct2Error::Truncated {
                        offset: self.offset + filled as u64,
                        what: what.to_owned(),
                    });
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => {
                    return Err(Ct2Error::Io {
                        offset: self.offset + filled as u64,
                        source,
                    });
                }
            }
        }
        self.offset += buf.len() as u64;
        Ok(())
    }

    fn u8(&mut self, what: &str) -> Result<u8, Ct2Error> {
        let mut b = [0u8; 1];
        self.fill(&mut b, what)?;
        Ok(b[0])
    }

    fn u16(&mut self, what: &str) -> Result<u16, Ct2Error> {
        let mut b = [0u8; 2];
        self.fill(&mut b, what)?;
        Ok(u16::from_le_bytes(b))
    }

    fn u32(&mut self, what: &str) -> Result<u32, Ct2Error> {
        let mut b = [0u8; 4];
        self.fill(&mut b, what)?;
        Ok(u32::from_le_bytes(b))
    }

    /// Reads `n` bytes, growing the buffer only as data arrives (see [`MAX_INITIAL_ALLOC`]).
    fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, Ct2Error> {
        let cap = usize::try_from(n)
            .unwrap_or(usize::MAX)
            .min(MAX_INITIAL_ALLOC);
        let mut data = Vec::with_capacity(cap);
        // read_to_end already retries on `Interrupted`.
        if let Err(source) = self.inner.by_ref().take(n).read_to_end(&mut data) {
            return Err(Ct2Error::Io {
                offset: self.offset + data.len() as u64,
                source,
            });
        }
        let got = data.len() as u64;
        if got < n {
            return Err(Ct2Error::Truncated {
                offset: self.offset + got,
                what: what.to_owned(),
            });
        }
        self.offset += n;
        Ok(data)
    }

    /// Reads a u16-length-prefixed string whose length includes a trailing NUL.
    fn string(&mut self, what: &str) -> Result<String, Ct2Error> {
        let offset = self.offset;
        let len = self.u16(what)?;
        let mut raw = vec![0u8; usize::from(len)];
        self.fill(&mut raw, what)?;
        if raw.pop() != Some(0) {
            return Err(Ct2Error::BadString {
                offset,
                problem: "missing trailing NUL",
            });
        }
        String::from_utf8(raw).map_err(|_| Ct2Error::BadString {
            offset,
            problem: "not valid UTF-8",
        })
    }
}

/// The token that ends the regular (BPE) part of a Whisper vocabulary.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// Reads a CTranslate2 `vocabulary.txt` (one token per line, GPT-2 byte-level characters) and
/// returns the regular tokens before `<|endoftext|>`, each decoded to its raw bytes.
///
/// whisper.cpp adds the special tokens itself, so only these are written to a ggml file.
pub fn read_vocabulary<R: Read>(mut reader: R) -> Result<Vec<Vec<u8>>, Ct2Error> {
    let mut text = String::new();
    reader.read_to_string(&mut text).map_err(|source| {
        if source.kind() == io::ErrorKind::InvalidData {
            Ct2Error::BadVocabulary {
                line: 0,
                problem: "file is not valid UTF-8".to_owned(),
            }
        } else {
            Ct2Error::Io { offset: 0, source }
        }
    })?;
    let decoder = unicode_to_bytes();
    let mut tokens = Vec::new();
    // Split on '\n' only and never trim: the byte-level alphabet has no whitespace characters,
    // so any other whitespace present would be a real (if odd) part of a token.
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line == END_OF_TEXT {
            return Ok(tokens);
        }
        let mut bytes = Vec::with_capacity(line.len());
        for c in line.chars() {
            let b = decoder.get(&c).ok_or_else(|| Ct2Error::BadVocabulary {
                line: i + 1,
                problem: format!("character {c:?} is not in the GPT-2 byte alphabet"),
            })?;
            bytes.push(*b);
        }
        tokens.push(bytes);
    }
    Err(Ct2Error::BadVocabulary {
        line: 0,
        problem: format!("no {END_OF_TEXT} line found"),
    })
}

/// GPT-2's `bytes_to_unicode` table: byte value -> printable character.
///
/// Printable Latin-1 bytes map to themselves; the remaining 68 bytes (controls, space, a few
/// others) are shifted to U+0100 and up in byte order, which is why a space shows as 'Ġ'.
pub fn bytes_to_unicode() -> [char; 256] {
    let printable = |b: u32| {
        (0x21..=0x7e).contains(&b) || (0xa1..=0xac).contains(&b) || (0xae..=0xff).contains(&b)
    };
    let mut table = ['\0'; 256];
    let mut shifted = 0u32;
    for b in 0u32..256 {
        let code = if printable(b) {
            b
        } else {
            shifted += 1;
            255 + shifted
        };
        // All codes are below 0x200, so they are valid scalar values.
        table[b as usize] = char::from_u32(code).unwrap_or('\u{fffd}');
    }
    table
}

/// The inverse of [`bytes_to_unicode`]: printable character -> byte value.
pub fn unicode_to_bytes() -> HashMap<char, u8> {
    bytes_to_unicode()
        .iter()
        .enumerate()
        .map(|(b, &c)| (c, b as u8))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a small model.bin in memory: each entry is (name, dims, dtype code, data).
    pub(crate) fn build_model(
        vars: &[(&str, Vec<u32>, u8, Vec<u8>)],
        aliases: &[(&str, &str)],
    ) -> Vec<u8> {
        fn s(out: &mut Vec<u8>, v: &str) {
            out.extend_from_slice(&((v.len() + 1) as u16).to_le_bytes());
            out.extend_from_slice(v.as_bytes());
            out.push(0);
        }
        let mut out = Vec::new();
        out.extend_from_slice(&6u32.to_le_bytes());
        s(&mut out, "WhisperSpec");
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&(vars.len() as u32).to_le_bytes());
        for (name, dims, code, data) in vars {
            s(&mut out, name);
            out.push(dims.len() as u8);
            for d in dims {
                out.extend_from_slice(&d.to_le_bytes());
            }
            out.push(*code);
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(data);
        }
        out.extend_from_slice(&(aliases.len() as u32).to_le_bytes());
        for (a, t) in aliases {
            s(&mut out, a);
            s(&mut out, t);
        }
        out
    }

    fn sample() -> Vec<u8> {
        build_model(
            &[
                ("encoder/num_heads", vec![], 2, 6i16.to_le_bytes().to_vec()),
                ("decoder/embeddings/weight", vec![2, 3], 4, vec![0u8; 12]),
            ],
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        )
    }

    #[test]
    fn parses_small_model() {
        let m = Ct2Model::read_from(&sample()[..]).unwrap();
        assert_eq!(m.spec_revision, 3);
        assert_eq!(m.n_bytes, sample().len() as u64);
        assert_eq!(m.get("encoder/num_heads").unwrap().as_int_scalar(), Some(6));
        assert_eq!(m.get("decoder/projection/weight").unwrap().dims, vec![2, 3]);
    }

    #[test]
    fn every_truncation_is_reported_with_its_offset() {
        let full = sample();
        for len in 0..full.len() {
            match Ct2Model::read_from(&full[..len]) {
                Err(Ct2Error::Truncated { offset, .. }) => assert_eq!(offset, len as u64),
                other => panic!("len {len}: expected truncation, got {other:?}"),
            }
        }
    }

    #[test]
    fn trailing_bytes_are_rejected() {
        let mut data = sample();
        let end = data.len() as u64;
        data.push(0);
        match Ct2Model::read_from(&data[..]) {
            Err(Ct2Error::TrailingBytes { offset }) => assert_eq!(offset, end),
            other => panic!("expected trailing bytes, got {other:?}"),
        }
    }

    #[test]
    fn bad_version_dtype_and_size_are_rejected() {
        let mut data = sample();
        data[0] = 5;
        assert!(matches!(
            Ct2Model::read_from(&data[..]),
            Err(Ct2Error::BadVersion { found: 5 })
        ));

        let data = build_model(&[("x", vec![1], 9, vec![0])], &[]);
        assert!(matches!(
            Ct2Model::read_from(&data[..]),
            Err(Ct2Error::UnknownDtype { code: 9, .. })
        ));

        let data = build_model(&[("x", vec![2, 2], 4, vec![0; 6])], &[]);
        match Ct2Model::read_from(&data[..]) {
            Err(Ct2Error::SizeMismatch {
                expected: 8,
                found: 6,
                ..
            }) => {}
            other => panic!("expected size mismatch, got {other:?}"),
        }

        let data = build_model(&[("x", vec![1], 0, vec![0; 4])], &[("y", "nope")]);
        assert!(matches!(
            Ct2Model::read_from(&data[..]),
            Err(Ct2Error::DanglingAlias { .. })
        ));
    }

    #[test]
    fn huge_declared_size_in_truncated_file_does_not_allocate_it() {
        // 4 GiB - 4 bytes declared, almost nothing present.
        let mut data = build_model(&[("x", vec![0x3fff_ffff], 0, vec![])], &[]);
        // Patch the byte count (it was written as 0) to match the declared shape.
        let pos = data.len() - 4 - 4;
        data[pos..pos + 4].copy_from_slice(&0xffff_fffcu32.to_le_bytes());
        assert!(matches!(
            Ct2Model::read_from(&data[..]),
            Err(Ct2Error::Truncated { .. })
        ));
    }

    #[test]
    fn bytes_to_unicode_is_a_bijection_with_known_points() {
        let t = bytes_to_unicode();
        assert_eq!(t[b'!' as usize], '!');
        assert_eq!(t[b' ' as usize], 'Ġ');
        assert_eq!(t[b'\n' as usize], 'Ċ');
        assert_eq!(t[0], 'Ā');
        assert_eq!(t[0xad], 'Ń');
        assert_eq!(t[0xff], 'ÿ');
        let inv = unicode_to_bytes();
        assert_eq!(inv.len(), 256);
        for b in 0..=255u8 {
            assert_eq!(inv[&t[b as usize]], b);
        }
    }

    #[test]
    fn vocabulary_decodes_to_bytes_and_stops_at_end_of_text() {
        let text = "!\nĠthe\nÃ©\nĊ\n<|endoftext|>\n<|startoftranscript|>\n";
        let v = read_vocabulary(text.as_bytes()).unwrap();
        assert_eq!(
            v,
            vec![
                b"!".to_vec(),
                b" the".to_vec(),
                "é".as_bytes().to_vec(),
                b"\n".to_vec()
            ]
        );
        assert!(matches!(
            read_vocabulary("a\nb\n".as_bytes()),
            Err(Ct2Error::BadVocabulary { line: 0, .. })
        ));
        assert!(matches!(
            read_vocabulary("a\nb c\n<|endoftext|>".as_bytes()),
            Err(Ct2Error::BadVocabulary { line: 2, .. })
        ));
    }
}
