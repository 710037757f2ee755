//! Load-test fixture for `benches/load.sh`: seeds a SQLite store with N
//! copies of a prep file (each under its own company name) through the
//! store's import, then serves the web UI on a loopback port.
//!
//! `round2-web-load DB PREP_YAML COUNT PORT`

use std::net::SocketAddr;

use anyhow::Context as _;
use round2_core::prep::{Format, PrepFile};
use round2_store::{SqliteStore, Store};

/// Drops the top-level keys a case file has and a prep file does not.
fn prep_text(case: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in case.lines() {
        let top = !line.starts_with(' ') && !line.starts_with('-') && !line.trim().is_empty();
        if top {
            skipping = line.starts_with("id:") || line.starts_with("gold:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, prep, count, port] = args.as_slice() else {
        anyhow::bail!("usage: round2-web-load DB PREP_YAML COUNT PORT");
    };
    let count: usize = count.parse().context("COUNT")?;
    let port: u16 = port.parse().context("PORT")?;
    let source = prep_text(&std::fs::read_to_string(prep).context("reading the prep file")?);
    let prep = PrepFile::parse(&source, Format::Yaml).context("parsing the prep file")?;
    let mut store = SqliteStore::open(std::path::Path::new(db)).context("opening the db")?;
    let have = store.list_opportunities()?.len();
    let now = chrono::Local::now().fixed_offset();
    let start = std::time::Instant::now();
    for i in have..count {
        let mut p = prep.clone();
        p.company = format!("{} {i:04}", prep.company);
        store.import(&p, now)?;
    }
    eprintln!(
        "seeded {} opportunities in {:.1}s",
        count.saturating_sub(have),
        start.elapsed().as_secs_f64()
    );
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    round2_web::serve_blocking(Box::new(store), addr, false)
}
