//! Questions to ask the interviewers, by theme, fitted to what matters most
//! to the candidate and to who is across the table.
//!
//! The curated list ships inside the crate (`data/questions_to_ask.yaml`).
//! [`suggest_questions`] picks about eight of them:
//!
//! 1. it drops every question whose topic the round-one notes already cover:
//!    the question's topic words (a short curated list) and the content words
//!    of its text are stemmed and compared with the content words of each
//!    note; one shared topic word, or two shared content words, is enough
//!    (very common words such as "team" or "role" never count);
//! 2. it keeps only questions that suit at least one interviewer's audience
//!    (inferred from the title by [`audience_for_title`]) or any audience;
//! 3. it ranks by the candidate's priorities (3 points per matching
//!    priority) and by a specific audience match (2 points), spreading the
//!    picks over the themes and keeping one "next steps" question;
//! 4. it returns them grouped by theme, each with a `why` that says what it
//!    was fitted to.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::PracticeError;
use crate::text::{content_stems, normalise_tag, stem, words};

const ASK_YAML: &str = include_str!("../data/questions_to_ask.yaml");

/// The theme of a question to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// How people work together, values in practice.
    Culture,
    /// How the manager manages: feedback, decisions, support.
    ManagementStyle,
    /// The team: who, how, rituals, collaboration.
    Team,
    /// Learning, progression, mentorship.
    Growth,
    /// What success in the role looks like.
    SuccessInRole,
    /// Direction of the company and team.
    Strategy,
    /// The process from here.
    NextSteps,
}

impl Theme {
    /// All themes in display order.
    pub const ALL: [Theme; 7] = [
        Theme::Culture,
        Theme::ManagementStyle,
        Theme::Team,
        Theme::Growth,
        Theme::SuccessInRole,
        Theme::Strategy,
        Theme::NextSteps,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Culture => "culture",
            Theme::ManagementStyle => "management_style",
            Theme::Team => "team",
            Theme::Growth => "growth",
            Theme::SuccessInRole => "success_in_role",
            Theme::Strategy => "strategy",
            Theme::NextSteps => "next_steps",
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What matters most to the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Learning and progression.
    Growth,
    /// Being mentored and mentoring.
    Mentorship,
    /// Remote or hybrid work.
    RemoteWork,
    /// A stable company and role.
    Stability,
    /// Work that matters and is visible.
    Impact,
    /// Sustainable hours and pace.
    WorkLifeBalance,
}

impl Priority {
    /// All priorities.
    pub const ALL: [Priority; 6] = [
        Priority::Growth,
        Priority::Mentorship,
        Priority::RemoteWork,
        Priority::Stability,
        Priority::Impact,
        Priority::WorkLifeBalance,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Growth => "growth",
            Priority::Mentorship => "mentorship",
            Priority::RemoteWork => "remote_work",
            Priority::Stability => "stability",
            Priority::Impact => "impact",
            Priority::WorkLifeBalance => "work_life_balance",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Priority::WorkLifeBalance => "work-life balance",
            Priority::RemoteWork => "remote work",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Priority {
    type Err = PracticeError;
    /// Accepts the names and common synonyms ("remote", "mentoring",
    /// "work-life balance", "job security", "career growth").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let n = normalise_tag(s);
        let p = match n.as_str() {
            "growth" | "career_growth" | "learning" | "progression" | "career" | "development"
            | "career_development" => Priority::Growth,
            "mentorship" | "mentoring" | "mentor" | "coaching" => Priority::Mentorship,
            "remote_work" | "remote" | "hybrid" | "flexibility" | "remote_first" | "wfh"
            | "work_from_home" => Priority::RemoteWork,
            "stability" | "job_security" | "security" | "stable" => Priority::Stability,
            "impact" | "ownership" | "meaningful_work" | "mission" => Priority::Impact,
            "work_life_balance" | "worklife_balance" | "balance" | "wellbeing" | "well_being"
            | "work_life" | "hours" => Priority::WorkLifeBalance,
            _ => {
                return Err(PracticeError::Unknown {
                    what: "priority",
                    value: s.to_string(),
                    expected:
                        "growth, mentorship, remote_work, stability, impact, work_life_balance"
                            .into(),
                })
            }
        };
        Ok(p)
    }
}

/// Who a question suits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The hiring manager or another people manager.
    Manager,
    /// A future colleague: engineer, analyst, designer…
    Peer,
    /// A recruiter or people partner.
    Hr,
    /// A director, VP, head of, C-level, founder.
    Executive,
    /// Anyone.
    Any,
}

impl Audience {
    fn label(self) -> &'static str {
        match self {
            Audience::Manager => "a manager",
            Audience::Peer => "a future peer",
            Audience::Hr => "a recruiter or HR partner",
            Audience::Executive => "an executive",
            Audience::Any => "any interviewer",
        }
    }
}

/// The audience an interviewer's title suggests.
///
/// Executive: VP, director, chief, head of, C-level, founder, president.
/// HR: recruiter, talent, people, HR, human resources.
/// Manager: manager, team lead, supervisor (but product, project and program
/// managers count as peers). Peer: engineer, developer, analyst, designer,
/// scientist, architect and other individual-contributor titles.
/// Anything else: [`Audience::Any`].
pub fn audience_for_title(title: &str) -> Audience {
    let w = words(title);
    let has = |x: &str| w.iter().any(|t| t == x);
    let starts = |x: &str| w.iter().any(|t| t.starts_with(x));
    let lower = w.join(" ");
    let phrase = |p: &str| lower.contains(p);
    if has("vp")
        || has("svp")
        || has("evp")
        || phrase("vice president")
        || starts("director")
        || has("chief")
        || phrase("head of")
        || has("ceo")
        || has("cto")
        || has("cfo")
        || has("coo")
        || has("cpo")
        || has("cio")
        || has("ciso")
        || starts("founder")
        || has("cofounder")
        || has("president")
        || has("executive")
    {
        return Audience::Executive;
    }
    if starts("recruit")
        || has("talent")
        || has("people")
        || has("hr")
        || has("hrbp")
        || phrase("human resources")
        || starts("sourc")
    {
        return Audience::Hr;
    }
    if phrase("product manager")
        || phrase("project manager")
        || phrase("program manager")
        || phrase("programme manager")
        || phrase("product owner")
    {
        return Audience::Peer;
    }
    if starts("manager")
        || phrase("team lead")
        || has("supervisor")
        || phrase("engineering lead")
        || has("em")
    {
        return Audience::Manager;
    }
    if starts("engineer")
        || starts("develop")
        || starts("analyst")
        || starts("design")
        || starts("scientist")
        || starts("architect")
        || starts("programmer")
        || starts("research")
        || starts("consultant")
        || starts("specialist")
        || has("sre")
        || has("qa")
        || has("tester")
        || has("lead")
        || has("staff")
        || has("principal")
        || has("senior")
        || has("associate")
        || starts("writer")
        || starts("accountant")
        || starts("marketer")
        || starts("administrator")
    {
        return Audience::Peer;
    }
    Audience::Any
}

/// One curated question to ask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CuratedQuestion {
    /// Stable slug.
    pub id: String,
    /// Its theme.
    pub theme: Theme,
    /// The question.
    pub text: String,
    /// Candidate priorities it serves.
    #[serde(default)]
    pub priorities: Vec<Priority>,
    /// Audiences it suits.
    pub audiences: Vec<Audience>,
    /// Topic words used to tell whether round one already covered it.
    #[serde(default)]
    pub topic: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAsk {
    id: String,
    text: String,
    #[serde(default)]
    priorities: Vec<Priority>,
    audiences: Vec<Audience>,
    #[serde(default)]
    topic: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAskSection {
    theme: Theme,
    questions: Vec<RawAsk>,
}

/// Parse questions to ask from the layout of `data/questions_to_ask.yaml`.
pub fn parse_curated_questions(yaml: &str) -> Result<Vec<CuratedQuestion>, PracticeError> {
    let sections: Vec<RawAskSection> =
        serde_yaml_ng::from_str(yaml).map_err(|e| PracticeError::Data {
            what: "questions to ask",
            message: e.to_string(),
        })?;
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for s in sections {
        for q in s.questions {
            if !ids.insert(q.id.clone()) {
                return Err(PracticeError::DuplicateId(q.id));
            }
            out.push(CuratedQuestion {
                id: q.id,
                theme: s.theme,
                text: q.text,
                priorities: q.priorities,
                audiences: q.audiences,
                topic: q.topic,
            });
        }
    }
    Ok(out)
}

/// The curated questions to ask (parsed once).
pub fn curated_questions() -> &'static [CuratedQuestion] {
    static ALL: OnceLock<Vec<CuratedQuestion>> = OnceLock::new();
    ALL.get_or_init(|| parse_curated_questions(ASK_YAML).unwrap_or_default())
}

/// A suggested question, with what it was fitted to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedQuestion {
    /// The curated question's id.
    pub id: String,
    /// Its theme.
    pub theme: Theme,
    /// The question.
    pub text: String,
    /// Why it was picked: the priorities and audience it fits, and that round
    /// one did not cover it.
    pub why: String,
}

/// Words too common to show that a topic was covered.
const GENERIC: &[&str] = &[
    "team",
    "role",
    "work",
    "company",
    "job",
    "time",
    "year",
    "day",
    "week",
    "month",
    "look",
    "someone",
    "people",
    "person",
    "thing",
    "good",
    "great",
    "new",
    "typical",
    "current",
    "best",
    "help",
    "make",
    "take",
    "see",
    "know",
    "want",
    "need",
    "expect",
    "interview",
    "question",
    "answer",
    "discuss",
    "explain",
    "mention",
    "describe",
    "part",
    "many",
    "often",
    "usually",
    "get",
    "go",
    "come",
    "hire",
    "candidate",
    "position",
    "currently",
    "could",
    "give",
    "find",
    "feel",
    "seem",
    "may",
    "us",
    "you",
    "here",
    "there",
    "keep",
    "happen",
    "use",
    "change",
    "first",
    "long",
    "right",
    "back",
    "talk",
    "also",
    "two",
    "three",
    "told",
    "said",
    "show",
    "shape",
    "most",
    "how",
    "much",
    "well",
    "done",
    "mean",
    "toward",
    "towards",
];

fn generic_stems() -> &'static BTreeSet<String> {
    static G: OnceLock<BTreeSet<String>> = OnceLock::new();
    G.get_or_init(|| GENERIC.iter().map(|w| stem(w)).collect())
}

fn specific(stems: BTreeSet<String>) -> BTreeSet<String> {
    let g = generic_stems();
    stems.into_iter().filter(|s| !g.contains(s)).collect()
}

/// Whether a note shows this question's topic was already covered; returns
/// the shared words if so.
fn covered_by(q: &CuratedQuestion, note_stems: &BTreeSet<String>) -> Option<Vec<String>> {
    let topic = specific(q.topic.iter().flat_map(|t| content_stems(t)).collect());
    let shared_topic: Vec<String> = topic.intersection(note_stems).cloned().collect();
    if !shared_topic.is_empty() {
        return Some(shared_topic);
    }
    let text = specific(content_stems(&q.text));
    let shared: Vec<String> = text.intersection(note_stems).cloned().collect();
    (shared.len() >= 2).then_some(shared)
}

/// Suggest about `n` questions to ask, grouped by theme in [`Theme::ALL`]
/// order. See the module docs for the rules.
///
/// - `priorities`: what matters most to the candidate (names or synonyms;
///   unknown ones are ignored);
/// - `interviewer_titles`: titles of the round-two interviewers (empty: any);
/// - `already_asked_or_answered`: texts of round-one notes (questions asked,
///   answers given, topics discussed).
pub fn suggest_questions(
    priorities: &[String],
    interviewer_titles: &[String],
    already_asked_or_answered: &[String],
    n: usize,
) -> Vec<SuggestedQuestion> {
    suggest_from(
        curated_questions(),
        priorities,
        interviewer_titles,
        already_asked_or_answered,
        n,
    )
}

struct Candidate<'a> {
    q: &'a CuratedQuestion,
    order: usize,
    score: i32,
    prios: Vec<Priority>,
    audience: Option<(Audience, String)>,
}

/// [`suggest_questions`] over any list of questions to ask.
pub fn suggest_from(
    pool: &[CuratedQuestion],
    priorities: &[String],
    interviewer_titles: &[String],
    already_asked_or_answered: &[String],
    n: usize,
) -> Vec<SuggestedQuestion> {
    if n == 0 {
        return Vec::new();
    }
    let mut prios: Vec<Priority> = Vec::new();
    for p in priorities {
        if let Ok(p) = p.parse::<Priority>() {
            if !prios.contains(&p) {
                prios.push(p);
            }
        }
    }
    // (audience, title) for every interviewer with a specific audience
    let audiences: Vec<(Audience, String)> = interviewer_titles
        .iter()
        .map(|t| (audience_for_title(t), t.trim().to_string()))
        .filter(|(a, _)| *a != Audience::Any)
        .collect();
    let notes: Vec<BTreeSet<String>> = already_asked_or_answered
        .iter()
        .map(|n| specific(content_stems(n)))
        .filter(|s| !s.is_empty())
        .collect();

    let mut cands: Vec<Candidate> = Vec::new();
    for (order, q) in pool.iter().enumerate() {
        if notes.iter().any(|n| covered_by(q, n).is_some()) {
            continue;
        }
        let specific_match = audiences
            .iter()
            .find(|(a, _)| q.audiences.contains(a))
            .cloned();
        if !audiences.is_empty()
            && specific_match.is_none()
            && !q.audiences.contains(&Audience::Any)
        {
            continue;
        }
        let matched: Vec<Priority> = prios
            .iter()
            .copied()
            .filter(|p| q.priorities.contains(p))
            .collect();
        let score = 3 * matched.len() as i32 + if specific_match.is_some() { 2 } else { 0 };
        cands.push(Candidate {
            q,
            order,
            score,
            prios: matched,
            audience: specific_match,
        });
    }

    // Greedy pick with a penalty per question already taken in a theme.
    let mut picked: Vec<usize> = Vec::new();
    let mut per_theme = [0i32; 7];
    let theme_idx = |t: Theme| Theme::ALL.iter().position(|x| *x == t).unwrap_or(0);
    while picked.len() < n {
        let best = cands
            .iter()
            .enumerate()
            .filter(|(i, _)| !picked.contains(i))
            .max_by(|(_, a), (_, b)| {
                let sa = a.score - 2 * per_theme[theme_idx(a.q.theme)];
                let sb = b.score - 2 * per_theme[theme_idx(b.q.theme)];
                sa.cmp(&sb).then(b.order.cmp(&a.order))
            })
            .map(|(i, _)| i);
        let Some(i) = best else { break };
        per_theme[theme_idx(cands[i].q.theme)] += 1;
        picked.push(i);
    }
    // Keep one next-steps question when there is room for it.
    if n >= 3 && !picked.iter().any(|&i| cands[i].q.theme == Theme::NextSteps) {
        let ns = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.q.theme == Theme::NextSteps)
            .max_by(|(_, a), (_, b)| a.score.cmp(&b.score).then(b.order.cmp(&a.order)))
            .map(|(i, _)| i);
        if let Some(ns) = ns {
            if picked.len() >= n {
                picked.pop();
            }
            picked.push(ns);
        }
    }
    picked.sort_by_key(|&i| (theme_idx(cands[i].q.theme), -cands[i].score, cands[i].order));
    picked
        .into_iter()
        .map(|i| {
            let c = &cands[i];
            SuggestedQuestion {
                id: c.q.id.clone(),
                theme: c.q.theme,
                text: c.q.text.clone(),
                why: why(c, &prios, !notes.is_empty()),
            }
        })
        .collect()
}

fn why(c: &Candidate, prios: &[Priority], had_notes: bool) -> String {
    let mut parts = Vec::new();
    if !c.prios.is_empty() {
        let names: Vec<&str> = c.prios.iter().map(|p| p.label()).collect();
        parts.push(format!("Fits what matters to you: {}.", names.join(", ")));
    } else if !prios.is_empty() {
        parts.push(format!(
            "Rounds out the {} theme.",
            c.q.theme.as_str().replace('_', " ")
        ));
    } else {
        parts.push(format!(
            "A strong {} question.",
            c.q.theme.as_str().replace('_', " ")
        ));
    }
    match &c.audience {
        Some((a, title)) => parts.push(format!("Suits {} ({title}).", a.label())),
        None => parts.push("Works with any interviewer.".to_string()),
    }
    if had_notes {
        parts.push("Your round-one notes do not cover it yet.".to_string());
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses() {
        assert!(
            parse_curated_questions(ASK_YAML).is_ok(),
            "{:?}",
            parse_curated_questions(ASK_YAML).err()
        );
    }
}
