//! Reading the posting and finding what round one missed, from the terminal:
//! `analyze`, `gaps`, `story match` and `story gaps`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{anyhow, Result};
use round2_core::LedgerStatus;
use round2_coverage::{rank_stories, Ledger, STORY_THRESHOLD};
use round2_extract::{analyze as read_posting, Analysis, MentionKind};
use round2_store::Store;

use crate::edge::pack_of;
use crate::output;
use round2_method::{
    ledger_for, role_questions_for, story_threshold, texts_to_judge, with_rank_scorer,
};

pub fn analyze(s: &mut dyn Store, input: &str, json: bool, out: &mut dyn Write) -> Result<()> {
    let path = Path::new(input);
    let text = if input == "-" || path.exists() {
        crate::input::posting_file(path)?.text
    } else {
        match s.opportunity(input) {
            Ok(o) => o.job_description,
            Err(round2_store::StoreError::NotFound { .. }) => {
                return Err(anyhow!(
                    "`{input}` is neither a file nor an opportunity's slug"
                ))
            }
            Err(e) => return Err(e.into()),
        }
    };
    let analysis = read_posting(&text);
    if json {
        return output::json(out, &analysis);
    }
    print_analysis(out, &text, &analysis, std::io::stdout().is_terminal())
}

fn print_analysis(out: &mut dyn Write, text: &str, a: &Analysis, color: bool) -> Result<()> {
    writeln!(out, "Sections")?;
    for s in &a.sections {
        writeln!(out, "  {:<18} {}", s.kind.as_str(), s.heading)?;
    }
    writeln!(out, "\nRequirements")?;
    for r in &a.requirements {
        writeln!(
            out,
            "  [{:<11}] {} ({})",
            r.importance.as_str(),
            r.text,
            r.section
        )?;
    }
    let (skills, knowledge): (Vec<_>, Vec<_>) = a
        .mentions
        .iter()
        .partition(|m| m.kind == MentionKind::Skill);
    writeln!(
        out,
        "\nMentions: {} skills, {} knowledge",
        skills.len(),
        knowledge.len()
    )?;
    // The posting with mentions marked: colours on a terminal, brackets elsewhere.
    let mut marked = String::with_capacity(text.len() + a.mentions.len() * 12);
    let mut at = 0;
    for m in &a.mentions {
        if m.start < at {
            continue;
        }
        marked.push_str(&text[at..m.start]);
        let (open, close) = match (color, m.kind) {
            (true, MentionKind::Skill) => ("\x1b[4;33m", "\x1b[0m"),
            (true, MentionKind::Knowledge) => ("\x1b[1;36m", "\x1b[0m"),
            (false, MentionKind::Skill) => ("[skill: ", "]"),
            (false, MentionKind::Knowledge) => ("[knowledge: ", "]"),
        };
        marked.push_str(open);
        marked.push_str(&text[m.start..m.end]);
        marked.push_str(close);
        at = m.end;
    }
    marked.push_str(&text[at..]);
    if color {
        writeln!(
            out,
            "(\x1b[4;33mskills\x1b[0m underlined, \x1b[1;36mknowledge\x1b[0m in bold)"
        )?;
    }
    writeln!(out, "\n{marked}")?;
    Ok(())
}

pub fn gaps(
    s: &mut dyn Store,
    slug: &str,
    round: Option<u32>,
    only: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let pack = pack_of(s, slug)?;
    let only = only
        .map(|o| match o.trim().to_ascii_lowercase().as_str() {
            "addressed" => Ok(LedgerStatus::Addressed),
            "story" => Ok(LedgerStatus::Story),
            "gap" => Ok(LedgerStatus::Gap),
            _ => Err(anyhow!("--status: `{o}` is not addressed, story or gap")),
        })
        .transpose()?;
    let vectors = crate::meaning::vectors(s, texts_to_judge(&pack, &[]));
    let mut l = ledger_for(&pack, round, vectors.as_ref());
    if let Some(st) = only {
        l.requirements.retain(|v| v.status == st);
    }
    if json {
        return output::json(out, &l);
    }
    print_ledger(out, &l, std::io::stdout().is_terminal())
}

pub fn print_ledger(out: &mut dyn Write, l: &Ledger, color: bool) -> Result<()> {
    writeln!(
        out,
        "Coverage ledger before round {}: {} addressed, {} backed by a story, {} gaps (readiness {:.0}%)",
        l.round,
        l.count(LedgerStatus::Addressed),
        l.count(LedgerStatus::Story),
        l.count(LedgerStatus::Gap),
        l.readiness() * 100.0
    )?;
    for v in &l.requirements {
        let (label, paint) = match v.status {
            LedgerStatus::Addressed => ("ADDRESSED", "\x1b[32m"),
            LedgerStatus::Story => ("STORY", "\x1b[33m"),
            LedgerStatus::Gap => ("GAP", "\x1b[31m"),
        };
        let label = if color {
            format!("{paint}{label:<9}\x1b[0m")
        } else {
            format!("{label:<9}")
        };
        writeln!(out, "\n{label} [{}] {}", v.importance.as_str(), v.text)?;
        writeln!(out, "          why: {}", v.why)?;
        for e in v.evidence.iter().take(3) {
            let counted = if e.counted { "" } else { " (not counted)" };
            writeln!(
                out,
                "          {:?} {} · {:.2}{counted}: {}",
                e.kind, e.id, e.score, e.excerpt
            )?;
        }
    }
    Ok(())
}

pub fn story_match(
    s: &mut dyn Store,
    question: &str,
    opp: Option<&str>,
    top: usize,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if question.trim().is_empty() {
        return Err(anyhow!("the question is empty"));
    }
    let stories = match opp {
        Some(slug) => pack_of(s, slug)?.stories,
        None => s.stories()?,
    };
    let texts = round2_coverage::texts_to_embed(&[], &[], &stories, &[question]);
    let rank = crate::meaning::rank_vectors(s, texts);
    let ranked = with_rank_scorer(rank.as_ref(), |scorer| {
        rank_stories(question, &stories, scorer, top)
    });
    if json {
        return output::json(out, &ranked);
    }
    if ranked.is_empty() {
        writeln!(out, "No stories yet: add one with `round2 story add`.")?;
    }
    for (i, r) in ranked.iter().enumerate() {
        writeln!(
            out,
            "{}. {} (score {:.2})\n   why: {}",
            i + 1,
            r.title,
            r.score,
            r.why
        )?;
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct WeakQuestion {
    question: String,
    best_story: Option<String>,
    score: f32,
}

#[derive(serde::Serialize)]
struct StoryGaps {
    competencies_without_story: Vec<String>,
    weak_questions: Vec<WeakQuestion>,
}

pub fn story_gaps(
    s: &mut dyn Store,
    slug: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let competencies = crate::practice::competencies_without_stories(s)?;
    let mut weak = Vec::new();
    if let Some(slug) = slug {
        let pack = pack_of(s, slug)?;
        let stories = s.stories()?;
        let questions = role_questions_for(&pack);
        let qs: Vec<&str> = questions.iter().map(|q| q.text.as_str()).collect();
        let texts = round2_coverage::texts_to_embed(&[], &[], &stories, &qs);
        let rank = crate::meaning::rank_vectors(s, texts);
        let threshold = story_threshold(rank.as_ref().map(|r| &r.vectors));
        for q in questions {
            let best = with_rank_scorer(rank.as_ref(), |scorer| {
                rank_stories(&q.text, &stories, scorer, 1)
            })
            .into_iter()
            .next();
            let score = best.as_ref().map_or(0.0, |b| b.score);
            if score < threshold {
                weak.push(WeakQuestion {
                    question: q.text,
                    best_story: best.map(|b| b.title),
                    score,
                });
            }
        }
    }
    let report = StoryGaps {
        competencies_without_story: competencies,
        weak_questions: weak,
    };
    if json {
        return output::json(out, &report);
    }
    if report.competencies_without_story.is_empty() {
        writeln!(
            out,
            "Every competency of the question bank has at least one story."
        )?;
    } else {
        writeln!(
            out,
            "Competencies with no story yet (tag a story with them, or write one):"
        )?;
        for c in &report.competencies_without_story {
            writeln!(out, "  {c}")?;
        }
    }
    if let Some(slug) = slug {
        writeln!(out, "\nLikely questions for `{slug}` with only a weak story match (below {STORY_THRESHOLD:.2}):")?;
        if report.weak_questions.is_empty() {
            writeln!(out, "  none")?;
        }
        for w in &report.weak_questions {
            let best = w
                .best_story
                .as_deref()
                .map(|b| format!("best: {b}, {:.2}", w.score))
                .unwrap_or_else(|| "no story".into());
            writeln!(out, "  {} ({best})", w.question)?;
        }
    }
    Ok(())
}
