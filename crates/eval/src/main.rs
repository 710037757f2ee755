//! `round2-eval`: round2's judgements on the example cases.
//!
//! ```text
//! cargo run --release -p round2-eval -- [--verbose]
//! cargo run --release -p round2-eval -- star [--verbose] [--write] [--relevance]
//! cargo run --release -p round2-eval -- speech [--runs N] [--verbose]
//! ```
//!
//! prints the lexical figures, then the semantic figures by
//! leave-one-case-out (for each case, the blend is chosen on the other
//! fourteen and scores it), then the blend fitted on all fifteen, which is
//! what `Blend::FITTED` holds. Needs the sentence model (`round2 model
//! fetch`); cases from `ROUND2_CASES` or `../shared/data/cases`.
//!
//! `star`: STAR part decisions and relevance on the labelled answers
//! (`ROUND2_ANSWERS` or `../shared/data/answers/dev.yaml`) by
//! leave-one-answer-out; `--write` retrains the shipped STAR model;
//! `--relevance` prints the sentence-model topic measurements per answer.
//!
//! `speech`: the spoken test set (answers we wrote, spoken by espeak-ng)
//! through every installed speech model, with and without the filler
//! prompt: word error rate, fillers kept, pauses found, pace, and the
//! medians over `--runs` of the real-time factor and the model's load time,
//! with the process's peak memory. `RAYON_NUM_THREADS=1` gives one core.

use anyhow::{Context, Result};
use round2_coverage::{Blend, LexicalScorer};
use round2_embed::{install, Embedder};
use round2_eval::{cases_dir, embed_all, embed_for_ranking, leave_one_out, load_cases, score_all};

fn main() -> Result<()> {
    let verbose = std::env::args().any(|a| a == "--verbose");
    if std::env::args().nth(1).as_deref() == Some("star") {
        return star(verbose);
    }
    if std::env::args().nth(1).as_deref() == Some("words") {
        return words(verbose);
    }
    if std::env::args().nth(1).as_deref() == Some("speech") {
        return speech(verbose);
    }
    let cases = load_cases(&cases_dir())?;
    println!("{} cases from {}", cases.len(), cases_dir().display());
    let lexical = LexicalScorer::new();

    let lex = score_all(&cases, &lexical, false);
    println!("lexical (no model):  {}", lex.line());

    let dir = install::default_models_dir().context("no data directory")?;
    // `--model NAME`: the judgements with another installed model.
    let flag = |name: &str| {
        std::env::args()
            .skip_while(|a| a != name)
            .nth(1)
            .map(|n| install::spec(&n).with_context(|| format!("no model {n}")))
            .transpose()
    };
    let spec = flag("--model")?.unwrap_or(&install::MINILM);
    let embedder = Embedder::load(spec, &install::model_dir(&dir, spec))?;
    println!("judging with {}", spec.name);
    let vectors = embed_all(&embedder, &cases)?;
    // `--rank-model NAME`: the stories ranked with another installed model.
    let rank_vectors = match flag("--rank-model")? {
        Some(spec) => {
            let e = Embedder::load(spec, &install::model_dir(&dir, spec))?;
            println!("stories ranked with {}", spec.name);
            Some(embed_for_ranking(&e, &cases)?)
        }
        None => None,
    };

    let report = leave_one_out(&cases, &vectors, rank_vectors.as_ref(), verbose);
    println!("semantic, leave-one-case-out: {}", report.loo.line());
    println!(
        "semantic, fitted on all fifteen (in-sample): {}",
        report.in_sample.line()
    );
    println!("fitted blend: {:?}", report.fitted);
    if rank_vectors.is_some() {
        println!("fitted ranking blend: {:?}", report.rank_fitted);
    }
    if report.fitted != Blend::FITTED {
        println!(
            "note: Blend::FITTED in round2-coverage differs: {:?}",
            Blend::FITTED
        );
    }
    Ok(())
}

/// `round2-eval words [--verbose]`: thank-you notes and sayable pitch lines
/// free of splice scars and parsed by link-parser, on every case.
fn words(verbose: bool) -> Result<()> {
    use round2_eval::words as w;
    let cases = load_cases(&cases_dir())?;
    let mut pieces = w::generate(&cases);
    w::parse_all(&mut pieces)?;
    if verbose {
        for p in &pieces {
            println!(
                "--- {} {} {} {}",
                p.case,
                p.kind,
                p.who,
                if p.clean() { "clean" } else { "DEFECT" }
            );
            println!("{}", p.text);
            for s in p.sentences.iter().filter(|s| !s.clean()) {
                let why: Vec<String> = s.scars.iter().map(ToString::to_string).collect();
                println!(
                    "  ! {} [{}{}]",
                    s.text,
                    why.join("; "),
                    s.skipped
                        .filter(|n| *n >= 2)
                        .map(|n| format!(" link-parser skipped {n}"))
                        .unwrap_or_default()
                );
            }
            if !p.invented.is_empty() {
                println!("  ! invented: {:?}", p.invented);
            }
        }
    }
    let seen = |c: &str| c <= "dev08";
    let unseen = |c: &str| c > "dev08";
    let all = |_: &str| true;
    for (kind, label) in [
        ("note", "thank-you notes"),
        ("pitch", "sayable pitch lines"),
        ("why", "why-company and why-me lines (sets)"),
        ("points", "talking points (sets)"),
    ] {
        let (a, b) = w::tally(&pieces, kind, all);
        let (c, d) = w::tally(&pieces, kind, seen);
        let (e, f) = w::tally(&pieces, kind, unseen);
        println!(
            "{label}: clean {a}/{b} ({:.0}%); dev01-08 {c}/{d}, dev09-15 {e}/{f}",
            100.0 * a as f64 / b.max(1) as f64
        );
    }
    let invented: usize = pieces.iter().map(|p| p.invented.len()).sum();
    println!("invented facts: {invented}");
    Ok(())
}

/// `round2-eval star [--write] [--verbose]`: the STAR figures by
/// leave-one-answer-out, words alone and with the sentence model; with
/// `--write`, both weight sets trained on every answer go to
/// `crates/practice/src/star_model.json`.
fn star(verbose: bool) -> Result<()> {
    use round2_eval::star as s;
    let path = s::answers_path();
    let answers = s::load_answers(&path)?;
    println!("{} answers from {}", answers.len(), path.display());
    let own = s::load_answers(&s::own_answers_path())?;
    let own = if std::env::var_os("R2_NO_OWN").is_some() {
        Vec::new()
    } else {
        own
    };
    println!(
        "{} more to train on from {}",
        own.len(),
        s::own_answers_path().display()
    );
    let both: Vec<s::LabelledAnswer> = answers.iter().chain(&own).cloned().collect();
    let (found, present) = s::label_coverage(&both);
    println!("parts present with their sentence found: {found}/{present}");
    let rules = s::score_rules(&answers);
    println!("rules of today:            {}", rules.line());
    let mut reg = round2_practice::star::Regularisation::DEFAULT;
    // R2_REG=features,vector tries another regularisation (exploration).
    if let Some((f, v)) = std::env::var("R2_REG").ok().and_then(|r| {
        let (f, v) = r.split_once(',')?;
        Some((f.parse().ok()?, v.parse().ok()?))
    }) {
        reg = round2_practice::star::Regularisation {
            features: f,
            vector: v,
        };
    }
    let words = s::leave_one_out(&answers, &own, None, reg);
    println!("words, leave-one-out:      {}", words.line());
    let dir = install::default_models_dir().context("no data directory")?;
    let embedder = Embedder::load(
        &install::MINILM,
        &install::model_dir(&dir, &install::MINILM),
    )?;
    let vectors = round2_eval::embed_texts(&embedder, s::texts_to_embed(&both))?;
    if std::env::args().any(|a| a == "--relevance") {
        let mut pts = s::relevance_points(&answers, &vectors);
        pts.sort_by(|a, b| a.2.total_cmp(&b.2));
        for p in pts {
            println!("{} {} whole {:.3} best {:.3}", p.0, p.1, p.2, p.3);
        }
        return Ok(());
    }
    let meaning = s::leave_one_out(&answers, &own, Some(&vectors), reg);
    if !own.is_empty() {
        let w = s::train_then_score(&answers, &own, None, reg);
        let m = s::train_then_score(&answers, &own, Some(&vectors), reg);
        println!(
            "trained on dev only, scoring round2's own {} answers:",
            own.len()
        );
        println!("  words:   {}", w.line());
        println!("  meaning: {}", m.line());
        println!("  rules:   {}", s::score_rules(&own).line());
        if verbose {
            for x in w.misses.iter().chain(&m.misses) {
                println!("  own miss {} {} predicted {} gold {}", x.0, x.1, x.2, x.3);
            }
        }
    }
    println!("meaning, leave-one-out:    {}", meaning.line());
    for (name, r) in [("words", &words), ("meaning", &meaning)] {
        for (k, p) in round2_practice::star::PARTS.iter().enumerate() {
            let c = r.parts[k];
            println!(
                "  {name:8} {:10} tp {:2} fp {:2} fn {:2} tn {:2}",
                p.as_str(),
                c.tp,
                c.fp,
                c.fn_,
                c.tn
            );
        }
        if verbose {
            for m in &r.relevance_misses {
                println!("  {name} relevance miss {} gold {}", m.0, m.1);
            }
            for m in &r.misses {
                println!(
                    "  {name} miss {} {} predicted {} gold {}",
                    m.0, m.1, m.2, m.3
                );
            }
        }
    }
    if std::env::args().any(|a| a == "--write") {
        let model = s::train_model(&answers, &own, &vectors, install::MINILM.name);
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../practice/src/star_model.json");
        std::fs::write(&out, s::model_json(&model)?)
            .with_context(|| format!("writing {}", out.display()))?;
        println!("wrote {}", out.display());
    }
    Ok(())
}

/// `round2-eval speech [--runs N] [--verbose]`: the spoken figures for
/// every installed speech model.
fn speech(verbose: bool) -> Result<()> {
    use round2_eval::speech as sp;
    use std::time::Instant;
    let runs: usize = std::env::args()
        .skip_while(|a| a != "--runs")
        .nth(1)
        .map(|n| n.parse().context("--runs takes a number"))
        .transpose()?
        .unwrap_or(1)
        .max(1);
    let dir = install::default_models_dir().context("no data directory")?;
    let models = round2_speech::install::installed(&dir);
    if models.is_empty() {
        anyhow::bail!(
            "no speech model installed under {}: `round2 model fetch whisper-base.en`",
            dir.display()
        );
    }
    let tmp = std::env::temp_dir().join(format!("round2-eval-speech-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let spoken = sp::speak_all(&tmp)?;
    let _ = std::fs::remove_dir_all(&tmp);
    let audio: f32 = spoken.iter().map(|(_, a)| a.seconds()).sum();
    println!(
        "{} spoken answers ({audio:.0} s of espeak-ng speech); threads: {}",
        spoken.len(),
        std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all cores".into())
    );
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    for (model_dir, info) in models {
        let mut loads = Vec::new();
        let mut t = None;
        for _ in 0..runs {
            // The last run's model goes first, so the peak is one model's.
            drop(t.take());
            let start = Instant::now();
            t = Some(round2_speech::whisper::Transcriber::load(&model_dir)?);
            loads.push(start.elapsed().as_secs_f64());
        }
        let mut t = t.expect("at least one run");
        // `--prompt TEXT`: measure another filler prompt.
        if let Some(text) = std::env::args().skip_while(|a| a != "--prompt").nth(1) {
            t.set_filler_prompt_text(&text)?;
        }
        for prompt in [true, false] {
            t.set_filler_prompt(prompt);
            let mut rtfs = Vec::new();
            let mut heard = Vec::new();
            for _ in 0..runs {
                heard = sp::hear_all(&mut t, &spoken)?;
                rtfs.push(sp::figures(&heard).rtf);
            }
            let f = sp::figures(&heard);
            // Measured pace against the speech's own: the reference's words
            // over the length of the file espeak-ng wrote.
            let pace = |id: &str| {
                heard.iter().find(|h| h.id == id).map_or((0.0, 0.0), |h| {
                    (h.delivery.words_per_minute, sp::reference_pace(h))
                })
            };
            let long = heard.iter().find(|h| h.id == "school-long");
            println!(
                "{} {}: WER {:.3} (fillers aside {:.3}); fillers kept {}/{} = {:.2}; pauses found {}/{} ({} long ones extra); \
                 pace slow/normal/fast {:.0}/{:.0}/{:.0} words a minute (the speech's own {:.0}/{:.0}/{:.0}); \
                 real-time factor {:.3} (median of {runs}; {:.3} on the {:.0} s answer); load {:.2} s (median of {runs})",
                info.name,
                if prompt { "with the filler prompt" } else { "without it" },
                f.wer,
                f.content_wer,
                f.fillers_kept,
                f.fillers,
                f.fillers_kept as f64 / f.fillers.max(1) as f64,
                f.pauses_found,
                f.pauses,
                f.pauses_extra,
                pace("library-slow").0,
                pace("clinic").0,
                pace("freight-fast").0,
                pace("library-slow").1,
                pace("clinic").1,
                pace("freight-fast").1,
                median(rtfs),
                long.map_or(0.0, |h| h.transcribe_seconds / f64::from(h.audio_seconds)),
                long.map_or(0.0, |h| h.audio_seconds),
                median(loads.clone()),
            );
            if verbose {
                for h in &heard {
                    println!(
                        "  {:<15} WER {:.3} fillers {}/{} pauses {:?}: {}",
                        h.id,
                        h.wer,
                        h.fillers_kept,
                        h.fillers,
                        h.delivery
                            .pause_list
                            .iter()
                            .map(|p| format!("{:.1}s@{:.1}", p.seconds, p.at_seconds))
                            .collect::<Vec<_>>(),
                        h.transcript
                    );
                }
            }
        }
    }
    if let Some(mb) = sp::peak_rss_mb() {
        println!("peak memory of this process: {mb:.0} MB");
    }
    Ok(())
}
