//! Writing a ggml whisper file, section by section, as the converter produces it.

use std::io::{self, Write};

use super::{GGML_MAGIC, GgmlHparams, GgmlType, N_FFT_BINS, tensor_nbytes};

/// Writes a ggml whisper file section by section: header, mel filters, token table, tensors.
///
/// The caller is responsible for the order; whisper.cpp finds tensors by name, so tensor order
/// is free.
pub struct GgmlWriter<W: Write> {
    out: W,
    bytes_written: u64,
}

impl<W: Write> GgmlWriter<W> {
    /// Wraps an output stream (use a `BufWriter` for files).
    pub fn new(out: W) -> Self {
        Self {
            out,
            bytes_written: 0,
        }
    }

    /// Bytes written so far.
    pub fn bytes_written(&self) -> u64 {
        self.bytes_written
    }

    /// Returns the inner writer (not flushed).
    pub fn into_inner(self) -> W {
        self.out
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.bytes_written += bytes.len() as u64;
        Ok(())
    }

    fn put_i32(&mut self, v: i32) -> io::Result<()> {
        self.put(&v.to_le_bytes())
    }

    /// Writes the magic and the eleven hyper-parameters.
    pub fn write_header(&mut self, hparams: &GgmlHparams) -> io::Result<()> {
        self.put(&GGML_MAGIC.to_le_bytes())?;
        for v in hparams.to_file_order() {
            self.put_i32(v)?;
        }
        Ok(())
    }

    /// Writes the mel filterbank: `n_mel` rows of [`N_FFT_BINS`] values, row-major.
    pub fn write_mel_filters(&mut self, n_mel: usize, filters: &[f32]) -> io::Result<()> {
        if filters.len() != n_mel * N_FFT_BINS {
            return Err(invalid_input(format!(
                "mel filters have {} values, expected {n_mel} x {N_FFT_BINS}",
                filters.len()
            )));
        }
        self.put_i32(to_i32(n_mel)?)?;
        self.put_i32(N_FFT_BINS as i32)?;
        for f in filters {
            self.put(&f.to_le_bytes())?;
        }
        Ok(())
    }

    /// Writes the token table: a count, then each token as length + raw bytes.
    pub fn write_tokens(&mut self, tokens: &[Vec<u8>]) -> io::Result<()> {
        self.put_i32(to_i32(tokens.len())?)?;
        for t in tokens {
            self.put_i32(to_i32(t.len())?)?;
            self.put(t)?;
        }
        Ok(())
    }

    /// Writes one tensor. `shape` is in row-major (PyTorch) order, outermost first; the file
    /// stores it reversed (ggml's `ne`, innermost first). `data` must hold exactly the tensor's
    /// bytes in type `ty`.
    pub fn write_tensor(
        &mut self,
        name: &str,
        shape: &[usize],
        ty: GgmlType,
        data: &[u8],
    ) -> io::Result<()> {
        let ne: Vec<u64> = shape.iter().rev().map(|&d| d as u64).collect();
        let expected = tensor_nbytes(&ne, ty).ok_or_else(|| {
            invalid_input(format!("tensor {name}: bad shape {shape:?} for {ty:?}"))
        })?;
        if data.len() as u64 != expected || shape.is_empty() || shape.len() > 4 {
            return Err(invalid_input(format!(
                "tensor {name}: {} data bytes for shape {shape:?} of {ty:?} (expected {expected})",
                data.len()
            )));
        }
        self.put_i32(to_i32(shape.len())?)?;
        self.put_i32(to_i32(name.len())?)?;
        self.put_i32(ty.code())?;
        for d in shape.iter().rev() {
            self.put_i32(to_i32(*d)?)?;
        }
        self.put(name.as_bytes())?;
        self.put(data)
    }
}

fn invalid_input(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

fn to_i32(v: usize) -> io::Result<i32> {
    i32::try_from(v).map_err(|_| invalid_input(format!("value {v} does not fit in an i32")))
}
