//! Ranking stories against a question or a requirement, best first, each
//! with a one-line reason naming the matched terms and tags.
//!
//! A story is scored on its whole text (title, STAR parts, tags) and, apart,
//! on its tags: the tags are the competencies the candidate says the story
//! shows, so a question cue that reaches a tag ("disagreed" ~ `conflict`)
//! counts extra.
//!
//! With the sentence model, a question's stories are ordered by
//! [`fused_order`] over each story's [`RankSignals`] (its score, its cosine
//! with the question, how close it is to any question): the signals are
//! worked out once and the blend's ranking weights only order them, so the
//! fit in `round2-eval` tries every weight on one computation. A
//! requirement's backing stories in the ledger are listed by score, the
//! same score the ledger's decision reads, so the ledger does not depend on
//! the ranking's weights.

use round2_core::model::Story;
use serde::{Deserialize, Serialize};

use crate::scorer::{Match, Relation, Scorer};
use crate::semantic::Blend;

/// A story ranked against a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedStory {
    pub title: String,
    /// The story's id, as a string.
    pub id: String,
    /// 0..=1.
    pub score: f32,
    /// One line: which terms and tags matched.
    pub why: String,
}

/// How much a match on the tags adds to the match on the whole story.
const TAG_BOOST: f32 = 0.7;

/// The texts of a story a scorer compares: whole text and tags.
pub(crate) fn story_texts(story: &Story) -> (String, String) {
    (story.full_text(), story.tags.join(", "))
}

/// Score one story (already turned into texts) against `query`.
pub(crate) fn score_story(
    scorer: &dyn Scorer,
    query: &str,
    full: &str,
    tags: &str,
) -> (f32, String) {
    let whole = scorer.score(query, full);
    let tagged = if tags.is_empty() {
        Match::default()
    } else {
        scorer.score(query, tags)
    };
    (combine(whole.score, tagged.score), why(&whole, &tagged))
}

/// Only the score of [`score_story`].
fn story_score(scorer: &dyn Scorer, query: &str, full: &str, tags: &str) -> f32 {
    let whole = scorer.score_only(query, full);
    let tagged = if tags.is_empty() {
        Match::default().score
    } else {
        scorer.score_only(query, tags)
    };
    combine(whole, tagged)
}

fn combine(whole: f32, tagged: f32) -> f32 {
    let score = 1.0 - (1.0 - whole) * (1.0 - TAG_BOOST * tagged);
    score.clamp(0.0, 1.0)
}

fn why(whole: &Match, tagged: &Match) -> String {
    let mut parts: Vec<String> = Vec::new();
    for t in tagged.terms.iter().take(2) {
        let p = match &t.relation {
            Relation::Related(c) if c.eq_ignore_ascii_case(&t.text) => {
                format!("'{}' ~ {} tag", t.query, t.text)
            }
            Relation::Related(c) => format!("'{}' ~ {} tag ({c})", t.query, t.text),
            _ => format!("'{}' tag", t.text),
        };
        parts.push(p);
    }
    for t in &whole.terms {
        if parts.len() >= 4 {
            break;
        }
        // Skip what the tags already said.
        if tagged.terms.iter().any(|x| x.text == t.text) {
            continue;
        }
        parts.push(t.to_string());
    }
    if parts.is_empty() {
        "no terms in common".to_string()
    } else {
        format!("matches {}", parts.join("; "))
    }
}

/// What a scorer is fitted to for one question: the question and each
/// story's texts.
fn corpus<'t>(question: &'t str, texts: &'t [(String, String)]) -> Vec<&'t str> {
    let mut corpus = vec![question];
    for (full, tags) in texts {
        corpus.push(full);
        corpus.push(tags);
    }
    corpus
}

/// Rank `stories` against `question`, best first, at most `top`. Stories
/// with nothing in common with the question are left out.
pub fn rank_stories(
    question: &str,
    stories: &[Story],
    scorer: &dyn Scorer,
    top: usize,
) -> Vec<RankedStory> {
    let texts: Vec<(String, String)> = stories.iter().map(story_texts).collect();
    let fitted = scorer.fit(&corpus(question, &texts));
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);
    ranked(scorer, question, stories, &texts, top, scorer.blend())
}

/// The parts of a story a question can match by meaning, named as the
/// reason says them.
pub(crate) fn story_parts(story: &Story) -> [(&'static str, String); 5] {
    let head = if story.tags.is_empty() {
        story.title.clone()
    } else {
        format!("{} ({})", story.title, story.tags.join(", "))
    };
    [
        ("title and tags", head),
        ("situation", story.situation.clone()),
        ("task", story.task.clone()),
        ("action", story.action.clone()),
        ("result", story.result.clone()),
    ]
}

/// The part of `story` closest in meaning to `query`, with its cosine.
fn closest_part(scorer: &dyn Scorer, query: &str, story: &Story) -> Option<(&'static str, f32)> {
    story_parts(story)
        .into_iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .filter_map(|(name, t)| scorer.similarity(query, t.trim()).map(|c| (name, c)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn zscores(xs: &[f32]) -> Vec<f32> {
    let n = xs.len().max(1) as f32;
    let mean = xs.iter().sum::<f32>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n;
    let sd = var.sqrt().max(1e-6);
    xs.iter().map(|x| (x - mean) / sd).collect()
}

/// What a story's place for a question is worked out from when the
/// scorer has the sentence model; [`Blend`]'s ranking weights fuse them
/// ([`fused_order`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RankSignals {
    /// The story's score: words blended with meaning, 0..=1, its tags
    /// counting extra.
    pub score: f32,
    /// The cosine of the question with the story or its closest sentence.
    pub meaning: f32,
    /// How close the story is to any interview question
    /// ([`Scorer::typicality`]).
    pub typical: f32,
}

/// The [`RankSignals`] of each story for `question` (`scorer` fitted to
/// the question and the stories here, as [`rank_stories`] does).
pub fn rank_signals(question: &str, stories: &[Story], scorer: &dyn Scorer) -> Vec<RankSignals> {
    let texts: Vec<(String, String)> = stories.iter().map(story_texts).collect();
    let fitted = scorer.fit(&corpus(question, &texts));
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);
    signals_with(scorer, question, &texts)
}

fn signals_with(scorer: &dyn Scorer, query: &str, texts: &[(String, String)]) -> Vec<RankSignals> {
    texts
        .iter()
        .map(|(full, tags)| RankSignals {
            score: story_score(scorer, query, full, tags),
            meaning: scorer.similarity(query, full).unwrap_or(0.0),
            typical: scorer.typicality(full).unwrap_or(0.0),
        })
        .collect()
}

/// The stories' indices best first by meaning fused with words: z-scores
/// over the stories, so no scale dominates, weighted by `blend`
/// (meaning less the hub term, plus the words'); ties by title. Every
/// story is kept.
pub fn fused_order(signals: &[RankSignals], blend: &Blend, stories: &[Story]) -> Vec<usize> {
    let column =
        |f: &dyn Fn(&RankSignals) -> f32| zscores(&signals.iter().map(f).collect::<Vec<_>>());
    let meaning = column(&|s| s.meaning - blend.rank_hub * s.typical);
    let words = column(&|s| s.score);
    let keyed: Vec<(usize, f32)> = (0..signals.len())
        .map(|k| (k, meaning[k] + blend.rank_lexical_weight * words[k]))
        .collect();
    sorted(keyed, stories)
}

/// Indices by key, best first, ties by title.
fn sorted(mut keyed: Vec<(usize, f32)>, stories: &[Story]) -> Vec<usize> {
    keyed.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| stories[a.0].title.cmp(&stories[b.0].title))
    });
    keyed.into_iter().map(|(k, _)| k).collect()
}

/// Rank with an already fitted scorer and precomputed story texts: by
/// [`fused_order`] with `fused`'s weights (every story kept), or by score
/// (stories with nothing in common left out). The reason is built only for
/// the stories kept; by meaning it names the story part closest in meaning.
fn ranked(
    scorer: &dyn Scorer,
    query: &str,
    stories: &[Story],
    texts: &[(String, String)],
    top: usize,
    fused: Option<Blend>,
) -> Vec<RankedStory> {
    let n = texts.len().min(stories.len());
    let (stories, texts) = (&stories[..n], &texts[..n]);
    let order = match fused {
        Some(b) => fused_order(&signals_with(scorer, query, texts), &b, stories),
        None => by_score(scorer, query, texts, stories),
    };
    reasons(scorer, query, stories, texts, order, top)
}

/// The stories with anything in common with `query`, by score, best first.
fn by_score(
    scorer: &dyn Scorer,
    query: &str,
    texts: &[(String, String)],
    stories: &[Story],
) -> Vec<usize> {
    let keyed = texts
        .iter()
        .enumerate()
        .filter_map(|(k, (full, tags))| {
            let score = story_score(scorer, query, full, tags);
            (score > 0.0).then_some((k, score))
        })
        .collect();
    sorted(keyed, stories)
}

/// The stories that score highest against `query` (a requirement), best
/// first, at most `top`: what the ledger lists as backing it.
pub(crate) fn best_scored(
    scorer: &dyn Scorer,
    query: &str,
    stories: &[Story],
    texts: &[(String, String)],
    top: usize,
) -> Vec<RankedStory> {
    ranked(scorer, query, stories, texts, top, None)
}

/// The best score of a story against `query` (0 without stories): the
/// score of the first [`best_scored`] lists.
pub(crate) fn best_story_score(
    scorer: &dyn Scorer,
    query: &str,
    texts: &[(String, String)],
) -> f32 {
    texts
        .iter()
        .map(|(full, tags)| story_score(scorer, query, full, tags))
        .fold(0.0, f32::max)
}

/// The first `top` of `order` with their scores and reasons.
fn reasons(
    scorer: &dyn Scorer,
    query: &str,
    stories: &[Story],
    texts: &[(String, String)],
    mut order: Vec<usize>,
    top: usize,
) -> Vec<RankedStory> {
    order.truncate(top);
    order
        .into_iter()
        .map(|k| {
            let (full, tags) = &texts[k];
            let (score, words) = score_story(scorer, query, full, tags);
            let s = &stories[k];
            let why = match closest_part(scorer, query, s) {
                Some((part, c)) if words.starts_with("matches") => {
                    format!("its {part} is closest in meaning ({c:.2}); {words}")
                }
                Some((part, c)) => format!("its {part} is closest in meaning ({c:.2})"),
                None => words,
            };
            RankedStory {
                title: s.title.clone(),
                id: s.id.to_string(),
                score,
                why,
            }
        })
        .collect()
}
