//! Ranking stories against a question or a requirement, best first, each
//! with a one-line reason naming the matched terms and tags.
//!
//! A story is scored on its whole text (title, STAR parts, tags) and, apart,
//! on its tags: the tags are the competencies the candidate says the story
//! shows, so a question cue that reaches a tag ("disagreed" ~ `conflict`)
//! counts extra.

use round2_core::model::Story;
use serde::{Deserialize, Serialize};

use crate::scorer::{Match, Relation, Scorer};

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

/// Rank `stories` against `question`, best first, at most `top`. Stories
/// with nothing in common with the question are left out.
pub fn rank_stories(
    question: &str,
    stories: &[Story],
    scorer: &dyn Scorer,
    top: usize,
) -> Vec<RankedStory> {
    let texts: Vec<(String, String)> = stories.iter().map(story_texts).collect();
    let mut corpus: Vec<&str> = vec![question];
    for (full, tags) in &texts {
        corpus.push(full);
        corpus.push(tags);
    }
    let fitted = scorer.fit(&corpus);
    let scorer: &dyn Scorer = fitted.as_deref().unwrap_or(scorer);
    rank_with(scorer, question, stories, &texts, top)
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

/// The order keys of the stories by meaning fused with words (z-scores
/// over the stories, so neither scale dominates); every story is kept.
fn fused_keys(
    scorer: &dyn Scorer,
    query: &str,
    texts: &[(String, String)],
    blend: crate::semantic::Blend,
) -> Vec<(usize, f32)> {
    let lex: Vec<f32> = texts
        .iter()
        .map(|(full, tags)| story_score(scorer, query, full, tags))
        .collect();
    let sem: Vec<f32> = texts
        .iter()
        .map(|(full, _)| scorer.rank_similarity(query, full).unwrap_or(0.0))
        .collect();
    let (zl, zs) = (zscores(&lex), zscores(&sem));
    (0..texts.len())
        .map(|k| (k, zs[k] + blend.rank_lexical_weight * zl[k]))
        .collect()
}

/// Rank with an already fitted scorer and precomputed story texts: by words
/// (stories with nothing in common left out), or by meaning fused with
/// words. The reason is built only for the stories kept; by meaning it
/// names the story part closest in meaning.
pub(crate) fn rank_with(
    scorer: &dyn Scorer,
    query: &str,
    stories: &[Story],
    texts: &[(String, String)],
    top: usize,
) -> Vec<RankedStory> {
    let texts = &texts[..texts.len().min(stories.len())];
    let mut keyed: Vec<(usize, f32)> = match scorer.blend() {
        Some(b) => fused_keys(scorer, query, texts, b),
        None => texts
            .iter()
            .enumerate()
            .filter_map(|(k, (full, tags))| {
                let score = story_score(scorer, query, full, tags);
                (score > 0.0).then_some((k, score))
            })
            .collect(),
    };
    keyed.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| stories[a.0].title.cmp(&stories[b.0].title))
    });
    keyed.truncate(top);
    keyed
        .into_iter()
        .map(|(k, _)| {
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
