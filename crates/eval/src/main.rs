//! `round2-eval`: round2's judgements on the example cases.
//!
//! ```text
//! cargo run --release -p round2-eval -- [--verbose]
//! ```
//!
//! prints the lexical figures, then the semantic figures by
//! leave-one-case-out (for each case, the blend is chosen on the other
//! fourteen and scores it), then the blend fitted on all fifteen, which is
//! what `Blend::FITTED` holds. Needs the sentence model (`round2 model
//! fetch`); cases from `ROUND2_CASES` or `../shared/data/cases`.

use anyhow::{Context, Result};
use round2_coverage::{Blend, LexicalScorer};
use round2_embed::{install, Embedder};
use round2_eval::{cases_dir, embed_all, leave_one_out, load_cases, score_all};

fn main() -> Result<()> {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let cases = load_cases(&cases_dir())?;
    println!("{} cases from {}", cases.len(), cases_dir().display());
    let lexical = LexicalScorer::new();

    let lex = score_all(&cases, &lexical, false);
    println!("lexical (no model):  {}", lex.line());

    let dir = install::default_models_dir().context("no data directory")?;
    let embedder = Embedder::load(
        &install::MINILM,
        &install::model_dir(&dir, &install::MINILM),
    )?;
    let vectors = embed_all(&embedder, &cases)?;

    if std::env::args().any(|a| a == "--fitted") {
        // Only Blend::FITTED, in-sample, with every miss shown.
        let s = round2_coverage::SemanticScorer::new(&lexical, &vectors, Blend::FITTED);
        let t = score_all(&cases, &s, verbose);
        println!("Blend::FITTED (in-sample): {}", t.line());
        return Ok(());
    }
    let report = leave_one_out(&cases, &vectors, verbose);
    println!("semantic, leave-one-case-out: {}", report.loo.line());
    println!(
        "semantic, fitted on all fifteen (in-sample): {}",
        report.in_sample.line()
    );
    println!("fitted blend: {:?}", report.fitted);
    if report.fitted != Blend::FITTED {
        println!(
            "note: Blend::FITTED in round2-coverage differs: {:?}",
            Blend::FITTED
        );
    }
    Ok(())
}
