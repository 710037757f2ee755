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
use round2_coverage::{texts_to_embed, Blend, LexicalScorer, SemanticScorer, Vectors};
use round2_embed::{install, Embedder};
use round2_eval::{cases_dir, grid, load_cases, score_ledger, score_ranking, Case, Tally, RANK_WEIGHTS};

fn main() -> Result<()> {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let cases = load_cases(&cases_dir())?;
    println!("{} cases from {}", cases.len(), cases_dir().display());
    let lexical = LexicalScorer::new();

    let mut lex = Tally::default();
    for c in &cases {
        lex += score_ledger(c, &lexical, false);
        lex += score_ranking(c, &lexical, false);
    }
    println!("lexical (no model):  {}", lex.line());

    let dir = install::default_models_dir().context("no data directory")?;
    let embedder = Embedder::load(&install::MINILM, &install::model_dir(&dir, &install::MINILM))?;
    let vectors = embed_all(&embedder, &cases)?;

    // Ledger: every blend on every case.
    let blends = grid();
    let ledger_scores: Vec<Vec<Tally>> = blends
        .iter()
        .map(|b| {
            let s = SemanticScorer::new(&lexical, &vectors, *b);
            cases.iter().map(|c| score_ledger(c, &s, false)).collect()
        })
        .collect();
    // Ranking: the meaning-to-words mapping and the words' weight.
    let mut rank_blends = Vec::new();
    for b in blends.iter().filter(|b| b.note_threshold == 0.25 && b.story_threshold == 0.25) {
        for w in RANK_WEIGHTS {
            rank_blends.push(Blend {
                rank_lexical_weight: w,
                ..*b
            });
        }
    }
    let rank_scores: Vec<Vec<Tally>> = rank_blends
        .iter()
        .map(|b| {
            let s = SemanticScorer::new(&lexical, &vectors, *b);
            cases.iter().map(|c| score_ranking(c, &s, false)).collect()
        })
        .collect();

    let ledger_objective = |t: &Tally| t.correct as f64 + 0.5 * t.gap_f1() * t.requirements as f64 / 10.0;
    let rank_objective = |t: &Tally| t.hit1 as f64 + 0.5 * t.hit3 as f64;
    let best = |scores: &[Vec<Tally>], skip: Option<usize>, obj: &dyn Fn(&Tally) -> f64| -> usize {
        let mut best = (f64::MIN, 0);
        for (g, per_case) in scores.iter().enumerate() {
            let mut t = Tally::default();
            for (k, c) in per_case.iter().enumerate() {
                if Some(k) != skip {
                    t += *c;
                }
            }
            let o = obj(&t);
            if o > best.0 {
                best = (o, g);
            }
        }
        best.1
    };

    let mut loo = Tally::default();
    for (k, case) in cases.iter().enumerate() {
        let g = best(&ledger_scores, Some(k), &ledger_objective);
        let r = best(&rank_scores, Some(k), &rank_objective);
        let t = ledger_scores[g][k];
        let q = rank_scores[r][k];
        loo += t;
        loo += q;
        if verbose {
            let b = Blend {
                rank_lexical_weight: rank_blends[r].rank_lexical_weight,
                ..blends[g]
            };
            println!("{}: fitted on the others {b:?}", case.name);
            let s = SemanticScorer::new(&lexical, &vectors, blends[g]);
            score_ledger(case, &s, true);
            let s = SemanticScorer::new(&lexical, &vectors, rank_blends[r]);
            score_ranking(case, &s, true);
        }
    }
    println!("semantic, leave-one-case-out: {}", loo.line());

    let g = best(&ledger_scores, None, &ledger_objective);
    let r = best(&rank_scores, None, &rank_objective);
    let fitted = Blend {
        rank_lexical_weight: rank_blends[r].rank_lexical_weight,
        ..blends[g]
    };
    let mut all = Tally::default();
    for k in 0..cases.len() {
        all += ledger_scores[g][k];
        all += rank_scores[r][k];
    }
    println!("semantic, fitted on all fifteen (in-sample): {}", all.line());
    println!("fitted blend: {fitted:?}");
    if fitted != Blend::FITTED {
        println!("note: Blend::FITTED in round2-coverage differs: {:?}", Blend::FITTED);
    }
    Ok(())
}

fn embed_all(embedder: &Embedder, cases: &[Case]) -> Result<Vectors> {
    let mut texts: Vec<String> = Vec::new();
    for c in cases {
        let qs: Vec<&str> = c.questions.iter().map(|q| q.question.as_str()).collect();
        texts.extend(texts_to_embed(&c.requirements, &c.notes, &c.stories, &qs));
    }
    texts.sort();
    texts.dedup();
    // R2_EVAL_CACHE=FILE keeps the vectors between runs (a developer's
    // shortcut; the figures are the same either way).
    let cache = std::env::var_os("R2_EVAL_CACHE").map(std::path::PathBuf::from);
    if let Some(path) = &cache {
        if let Ok(text) = std::fs::read_to_string(path) {
            let cached: Vectors = serde_json::from_str(&text)?;
            if texts.iter().all(|t| cached.contains_key(t)) {
                return Ok(cached);
            }
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let vecs = embedder.embed(&refs, |_, _| {})?;
    eprintln!(
        "embedded {} texts in {:.1} s",
        texts.len(),
        started.elapsed().as_secs_f64()
    );
    let vectors: Vectors = texts.into_iter().zip(vecs).collect();
    if let Some(path) = &cache {
        std::fs::write(path, serde_json::to_string(&vectors)?)?;
    }
    Ok(vectors)
}
