//! The sentence model as the commands use it: found installed or not,
//! loaded only when a text has no cached vector, and vectors cached in the
//! store by model and text hash.

use std::path::PathBuf;
use std::sync::OnceLock;

use round2_coverage::Vectors;
use round2_store::Store;

use crate::install::{self, ModelSpec};
use crate::{text_key, EmbedError, Embedder};

/// The line a judging command prints once when it runs on words alone.
pub const WITHOUT_MODEL: &str = "round2 is judging by words alone, without the sentence model, so paraphrases are missed (install the model with `round2 model fetch`, about 90 MB)";

/// How [`Meaning::vectors`] reaches the store that caches vectors: a store
/// at hand (the CLI), or one shared behind a lock (the web UI), taken only
/// for the moment of each read and write.
pub trait StoreAccess {
    fn with(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Store) -> round2_store::Result<()>,
    ) -> Result<(), EmbedError>;
}

fn cache_err(e: round2_store::StoreError) -> EmbedError {
    EmbedError::Cache(e.to_string())
}

impl StoreAccess for &mut dyn Store {
    fn with(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Store) -> round2_store::Result<()>,
    ) -> Result<(), EmbedError> {
        f(&mut **self).map_err(cache_err)
    }
}

impl StoreAccess for &std::sync::Mutex<Box<dyn Store>> {
    fn with(
        &mut self,
        f: &mut dyn FnMut(&mut dyn Store) -> round2_store::Result<()>,
    ) -> Result<(), EmbedError> {
        let mut guard = self
            .lock()
            .map_err(|_| EmbedError::Cache("the store lock was poisoned".into()))?;
        f(guard.as_mut()).map_err(cache_err)
    }
}

/// An installed sentence model, loaded on first use.
pub struct Meaning {
    spec: &'static ModelSpec,
    dir: PathBuf,
    loaded: OnceLock<Result<Embedder, String>>,
}

impl std::fmt::Debug for Meaning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meaning")
            .field("model", &self.spec.name)
            .field("dir", &self.dir)
            .finish()
    }
}

impl Meaning {
    /// The default model if it is installed (and its files check out) in
    /// the default models folder.
    /// `ROUND2_NO_MODEL` (non-empty) turns it off: [`EmbedError::Disabled`].
    pub fn installed() -> Result<Meaning, EmbedError> {
        if std::env::var_os("ROUND2_NO_MODEL").is_some_and(|v| !v.is_empty()) {
            return Err(EmbedError::Disabled);
        }
        let models = install::default_models_dir().ok_or_else(|| EmbedError::NotInstalled {
            name: install::MINILM.name.to_string(),
            dir: PathBuf::from("(no data directory)"),
        })?;
        Self::in_dir(
            &install::MINILM,
            install::model_dir(&models, &install::MINILM),
        )
    }

    /// The model stories are ranked with: the larger all-mpnet-base-v2
    /// when it is installed (a choice: `round2 model fetch
    /// all-mpnet-base-v2`), else the default model.
    pub fn installed_for_ranking() -> Result<Meaning, EmbedError> {
        if std::env::var_os("ROUND2_NO_MODEL").is_some_and(|v| !v.is_empty()) {
            return Err(EmbedError::Disabled);
        }
        if let Some(models) = install::default_models_dir() {
            let dir = install::model_dir(&models, &install::MPNET);
            if let Ok(m) = Self::in_dir(&install::MPNET, dir) {
                return Ok(m);
            }
        }
        Self::installed()
    }

    /// `spec` installed in `dir`.
    pub fn in_dir(spec: &'static ModelSpec, dir: PathBuf) -> Result<Meaning, EmbedError> {
        install::check_installed(spec, &dir)?;
        Ok(Meaning {
            spec,
            dir,
            loaded: OnceLock::new(),
        })
    }

    pub fn name(&self) -> &'static str {
        self.spec.name
    }

    fn embedder(&self) -> Result<&Embedder, EmbedError> {
        self.loaded
            .get_or_init(|| Embedder::load(self.spec, &self.dir).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| EmbedError::Run(e.clone()))
    }

    /// Vectors for `texts`: from the store's cache, the rest embedded (and
    /// cached). `progress` gets (done, total) while the model runs.
    /// The store is held only to read and to write the cache, not while
    /// the model runs.
    pub fn vectors(
        &self,
        mut store: impl StoreAccess,
        texts: &[String],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Vectors, EmbedError> {
        let keys: Vec<String> = texts.iter().map(|t| text_key(t)).collect();
        let mut cached = std::collections::HashMap::new();
        store.with(&mut |s| {
            cached = s.embeddings(self.spec.name, &keys)?;
            Ok(())
        })?;
        let mut out = Vectors::with_capacity(texts.len());
        let mut missing: Vec<(&String, &String)> = Vec::new();
        for (t, k) in texts.iter().zip(&keys) {
            match cached.remove(k) {
                Some(v) if v.len() == self.spec.dim => {
                    out.insert(t.clone(), v);
                }
                _ => missing.push((t, k)),
            }
        }
        missing.sort();
        missing.dedup();
        if missing.is_empty() {
            return Ok(out);
        }
        let refs: Vec<&str> = missing.iter().map(|(t, _)| t.as_str()).collect();
        let vecs = self.embedder()?.embed(&refs, progress)?;
        let rows: Vec<(String, Vec<f32>)> = missing
            .iter()
            .zip(&vecs)
            .map(|((_, k), v)| ((*k).clone(), v.clone()))
            .collect();
        store.with(&mut |s| s.put_embeddings(self.spec.name, &rows))?;
        for ((t, _), v) in missing.into_iter().zip(vecs) {
            out.insert(t.clone(), v);
        }
        Ok(out)
    }
}
