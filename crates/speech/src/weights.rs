//! Reading a model's `model.safetensors` straight into its tensors.
//!
//! candle's safe loader wants the whole file in memory first and then
//! copies every tensor out of it, so loading Whisper base touched twice its
//! 290 MB; on a machine where fresh memory is slow to hand out, that was
//! most of the load time. This reads the file once, in order, converting
//! each tensor's bytes as they arrive into the buffer the tensor keeps.

use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use serde::Deserialize;

use crate::SpeechError;

/// A header larger than this is not a model's (Whisper's is about 30 kB).
const MAX_HEADER: u64 = 16 << 20;

#[derive(Deserialize)]
struct Entry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [u64; 2],
}

/// Every tensor in the file at `path`, as f32.
pub fn read(path: &Path) -> Result<HashMap<String, Tensor>, SpeechError> {
    let bad = |reason: String| SpeechError::model(path, reason);
    let file = std::fs::File::open(path).map_err(|e| SpeechError::io(path, e))?;
    let size = file.metadata().map_err(|e| SpeechError::io(path, e))?.len();
    let mut r = BufReader::with_capacity(1 << 16, file);
    let read_exact = |r: &mut BufReader<std::fs::File>, buf: &mut [u8]| {
        r.read_exact(buf).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                bad(format!(
                    "the file ends early ({size} bytes); install the model again"
                ))
            } else {
                SpeechError::io(path, e)
            }
        })
    };
    let mut len = [0u8; 8];
    read_exact(&mut r, &mut len)?;
    let len = u64::from_le_bytes(len);
    if len > MAX_HEADER || 8 + len > size {
        return Err(bad(format!(
            "not a safetensors file (a header of {len} bytes)"
        )));
    }
    let mut header = vec![0u8; len as usize];
    read_exact(&mut r, &mut header)?;
    let header: HashMap<String, serde_json::Value> = serde_json::from_slice(&header)
        .map_err(|e| bad(format!("not a safetensors header: {e}")))?;
    let mut entries = header
        .into_iter()
        .filter(|(name, _)| name != "__metadata__")
        .map(|(name, v)| {
            serde_json::from_value::<Entry>(v)
                .map(|e| (name.clone(), e))
                .map_err(|e| bad(format!("the entry for {name}: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort_by_key(|(_, e)| e.data_offsets[0]);
    let data = 8 + len;
    let mut at = 0u64;
    let mut tensors = HashMap::with_capacity(entries.len());
    for (name, e) in entries {
        let [start, end] = e.data_offsets;
        let (dtype, width) = match e.dtype.as_str() {
            "F32" => (DType::F32, 4),
            "F16" => (DType::F16, 2),
            "BF16" => (DType::BF16, 2),
            other => return Err(bad(format!("{name} holds {other} values, not floats"))),
        };
        // Checked, since a header can claim any shape and offsets.
        let count = e.shape.iter().try_fold(1usize, |n, d| n.checked_mul(*d));
        let fits = count
            .and_then(|c| c.checked_mul(width))
            .is_some_and(|bytes| {
                start >= at && end >= start && end <= size - data && end - start == bytes as u64
            });
        let (Some(count), true) = (count, fits) else {
            return Err(bad(format!("{name}'s bytes are not where its header says")));
        };
        // Padding between tensors, if any, is skipped.
        std::io::copy(&mut (&mut r).take(start - at), &mut std::io::sink())
            .map_err(|e| SpeechError::io(path, e))?;
        let tensor = if dtype == DType::F32 {
            let mut values = Vec::with_capacity(count);
            let mut chunk = vec![0u8; 1 << 16];
            let mut left = count * 4;
            while left > 0 {
                let n = left.min(chunk.len());
                read_exact(&mut r, &mut chunk[..n])?;
                values.extend(
                    chunk[..n]
                        .chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                );
                left -= n;
            }
            Tensor::from_vec(values, e.shape, &Device::Cpu)
        } else {
            let mut bytes = vec![0u8; count * width];
            read_exact(&mut r, &mut bytes)?;
            Tensor::from_raw_buffer(&bytes, dtype, &e.shape, &Device::Cpu)
                .and_then(|t| t.to_dtype(DType::F32))
        }
        .map_err(|e| bad(format!("{name}: {e}")))?;
        tensors.insert(name, tensor);
        at = end;
    }
    Ok(tensors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensors_come_back_as_saved_and_a_cut_file_is_refused() {
        let dir = std::env::temp_dir().join(format!("round2-weights-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("model.safetensors");
        let a = Tensor::new(&[[1.5f32, -2.0, 3.25], [0.0, 7.0, -0.5]], &Device::Cpu).unwrap();
        let b = Tensor::new(&[0.5f32, 4.0], &Device::Cpu)
            .unwrap()
            .to_dtype(DType::F16)
            .unwrap();
        let saved = HashMap::from([("a".to_string(), a.clone()), ("b.weight".to_string(), b)]);
        candle_core::safetensors::save(&saved, &path).unwrap();

        let back = read(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(
            back["a"].to_vec2::<f32>().unwrap(),
            a.to_vec2::<f32>().unwrap()
        );
        assert_eq!(back["b.weight"].dtype(), DType::F32);
        assert_eq!(back["b.weight"].to_vec1::<f32>().unwrap(), vec![0.5, 4.0]);

        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("model.safetensors"), "{err}");
        assert!(
            err.contains("ends early") || err.contains("not where"),
            "{err}"
        );

        // A header that claims more than the file holds, or a shape whose
        // size overflows, is refused, not trusted.
        for entry in [
            r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}"#,
            r#"{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}"#,
        ] {
            let mut file = (entry.len() as u64).to_le_bytes().to_vec();
            file.extend_from_slice(entry.as_bytes());
            file.extend_from_slice(&[0u8; 8]);
            std::fs::write(&path, &file).unwrap();
            let err = read(&path).unwrap_err().to_string();
            assert!(err.contains("not where its header says"), "{err}");
        }

        std::fs::write(&path, b"hello, this is not a model").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("not a safetensors"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
