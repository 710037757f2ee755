//! round2's method over one prep pack: what the CLI and the web UI both show.
//! It joins the pure crates (posting analysis, coverage ledger, story ranking,
//! practice, documents) for one opportunity. Values in, values out: the store
//! and the clock stay with the caller.

pub mod practice;
pub mod transcript;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, TimeZone};
use round2_core::{Importance, Interviewer, LedgerStatus, PrepPack, Profile, ThankYouNote};
use round2_coverage::{
    rank_stories, texts_to_embed, Blend, EvidenceKind, Ledger, LexicalScorer, RankVectors, Scorer,
    SemanticScorer, Vectors, STORY_THRESHOLD,
};
use round2_documents::{
    calendar_ics, interviewer_memory, plan_stories, thank_you_notes, Draft, LedgerItem,
    PracticeSession, SheetInput, StoryPick,
};
use round2_extract::analyze;
use round2_practice::{
    plan_in, role_questions, suggest_questions, Card, Question, SuggestedQuestion,
};

/// The scorer the judgements use: meaning and words with the sentence
/// vectors, words alone without them.
pub fn with_scorer<T>(vectors: Option<&Vectors>, f: impl FnOnce(&dyn Scorer) -> T) -> T {
    let lexical = LexicalScorer::new();
    match vectors {
        Some(v) => f(&SemanticScorer::new(&lexical, v, Blend::FITTED)),
        None => f(&lexical),
    }
}

/// The scorer stories are ranked with: meaning and words with the ranking
/// model's vectors (the larger model's when it is installed) and its
/// blend, words alone without them.
pub fn with_rank_scorer<T>(rank: Option<&RankVectors>, f: impl FnOnce(&dyn Scorer) -> T) -> T {
    let lexical = LexicalScorer::new();
    match rank {
        Some(r) => f(&SemanticScorer::new(
            &lexical,
            &r.vectors,
            Blend::for_ranking(&r.model),
        )),
        None => f(&lexical),
    }
}

/// The score at or above which a story backs a requirement or a question,
/// for the scorer `vectors` make.
pub fn story_threshold(vectors: Option<&Vectors>) -> f32 {
    vectors.map_or(STORY_THRESHOLD, |_| Blend::FITTED.story_threshold)
}

/// Every text of `pack` (and `queries`) whose sentence vector the
/// judgements may look up: the caller embeds them, or finds them cached.
pub fn texts_to_judge(pack: &PrepPack, queries: &[&str]) -> Vec<String> {
    let analysis = analyze(&pack.opportunity.job_description);
    let role: Vec<Question> = role_questions_of(&analysis.requirements);
    let mut qs: Vec<&str> = role.iter().map(|q| q.text.as_str()).collect();
    qs.extend_from_slice(queries);
    texts_to_embed(&analysis.requirements, &pack.notes, &pack.stories, &qs)
}

/// The texts the story ranking looks up for `pack` (its stories and the
/// posting's role questions) and `queries`, for the ranking model.
pub fn texts_to_rank(pack: &PrepPack, queries: &[&str]) -> Vec<String> {
    let role = role_questions_for(pack);
    let mut qs: Vec<&str> = role.iter().map(|q| q.text.as_str()).collect();
    qs.extend_from_slice(queries);
    texts_to_embed(&[], &[], &pack.stories, &qs)
}

/// The coverage ledger for the round being prepared (default: the next
/// one), by meaning when `vectors` are given.
pub fn ledger_for(pack: &PrepPack, round: Option<u32>, vectors: Option<&Vectors>) -> Ledger {
    let analysis = analyze(&pack.opportunity.job_description);
    let round = round.unwrap_or_else(|| pack.next_round_number());
    with_scorer(vectors, |scorer| {
        round2_coverage::ledger(
            &analysis.requirements,
            &pack.notes,
            &pack.stories,
            round,
            scorer,
        )
    })
}

/// Role-specific practice questions from the posting's requirements.
pub fn role_questions_for(pack: &PrepPack) -> Vec<Question> {
    role_questions_of(&analyze(&pack.opportunity.job_description).requirements)
}

fn role_questions_of(requirements: &[round2_extract::Requirement]) -> Vec<Question> {
    let reqs: Vec<(String, Importance)> = requirements
        .iter()
        .map(|r| (r.text.clone(), r.importance))
        .collect();
    role_questions(&reqs)
}

/// The posting's short skill and knowledge terms, those inside must-have
/// requirements first: what an answer may echo.
pub fn posting_terms(pack: &PrepPack) -> Vec<String> {
    let analysis = analyze(&pack.opportunity.job_description);
    let mut ranked: Vec<(u8, &str)> = analysis
        .mentions
        .iter()
        .map(|m| {
            let rank = analysis
                .requirements
                .iter()
                .find(|r| r.start <= m.start && m.end <= r.end)
                .map_or(2, |r| {
                    if r.importance == Importance::Must {
                        0
                    } else {
                        1
                    }
                });
            (rank, m.text.as_str())
        })
        .collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    let mut out: Vec<String> = Vec::new();
    // Short terms only: a whole responsibility is not a term to echo.
    for (_, t) in ranked
        .into_iter()
        .filter(|(_, t)| t.split_whitespace().count() <= 4)
    {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(t)) {
            out.push(t.to_string());
        }
    }
    out
}

/// The next round with a date in the future: what practice aims at.
pub fn interview_date(
    pack: &PrepPack,
    now: DateTime<FixedOffset>,
) -> Option<DateTime<FixedOffset>> {
    pack.rounds
        .iter()
        .filter_map(|r| r.date)
        .filter(|d| *d > now)
        .min()
}

/// The round a thank-you note is for: the latest that has started (or,
/// without a date, that has notes).
pub fn past_round(pack: &PrepPack, now: DateTime<FixedOffset>) -> Option<u32> {
    pack.rounds
        .iter()
        .filter(|r| {
            r.date.is_some_and(|d| d <= now)
                || (r.date.is_none() && pack.notes_of_round(r.number).next().is_some())
        })
        .map(|r| r.number)
        .max()
}

/// A person's name as a file name or URL segment: lowercase, dashes.
pub fn person_key(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    stem.trim_matches('-').to_string()
}

/// Questions to ask in the next round, and what they were fitted to.
#[derive(Debug, Clone)]
pub struct AskPlan {
    /// The round being prepared for and its interviewers.
    pub round: u32,
    pub interviewers: Vec<Interviewer>,
    /// How many notes of earlier rounds (questions asked, answers given,
    /// topics discussed) the suggestions stay clear of.
    pub notes_considered: usize,
    pub suggestions: Vec<SuggestedQuestion>,
}

/// The notes of rounds before `round` whose subject needs no second
/// question: what the candidate asked, answered, or discussed.
fn covered_before(pack: &PrepPack, round: u32) -> Vec<String> {
    pack.notes
        .iter()
        .filter(|n| n.round < round && n.kind.covers_questions_to_ask())
        .map(|n| n.text.clone())
        .collect()
}

/// Up to `count` questions to ask in the next round: fitted to the profile's
/// priorities and the interviewers' titles, never one that earlier notes
/// covered or that the candidate already saved.
pub fn ask_plan(pack: &PrepPack, profile: &Profile, count: usize) -> AskPlan {
    let round = pack.next_round_number();
    let interviewers = pack
        .round(round)
        .map(|r| r.interviewers.clone())
        .unwrap_or_default();
    let titles: Vec<String> = interviewers
        .iter()
        .filter_map(|i| i.title.clone())
        .collect();
    let covered = covered_before(pack, round);
    let saved: Vec<String> = pack
        .questions_to_ask
        .iter()
        .map(|q| q.text.to_lowercase())
        .collect();
    let mut suggestions =
        suggest_questions(&profile.priorities, &titles, &covered, count + saved.len());
    suggestions.retain(|s| !saved.contains(&s.text.to_lowercase()));
    suggestions.truncate(count);
    AskPlan {
        round,
        interviewers,
        notes_considered: covered.len(),
        suggestions,
    }
}

/// Everything the documents need for one opportunity, computed once.
pub struct Prepared {
    pub pack: PrepPack,
    pub profile: Profile,
    pub ledger: Ledger,
    pub now: DateTime<FixedOffset>,
    /// Sentence vectors of the pack's texts, when the model is installed.
    pub vectors: Option<Vectors>,
    /// The ranking model's vectors of [`texts_to_rank`], when stories are
    /// ranked with a model of their own (else `vectors` rank them).
    pub rank: Option<RankVectors>,
}

impl Prepared {
    pub fn new(pack: PrepPack, profile: Profile, now: DateTime<FixedOffset>) -> Prepared {
        Self::with_vectors(pack, profile, now, None)
    }

    /// With the sentence vectors of [`texts_to_judge`].
    pub fn with_vectors(
        pack: PrepPack,
        profile: Profile,
        now: DateTime<FixedOffset>,
        vectors: Option<Vectors>,
    ) -> Prepared {
        let ledger = ledger_for(&pack, None, vectors.as_ref());
        Prepared {
            pack,
            profile,
            ledger,
            now,
            vectors,
            rank: None,
        }
    }

    /// Stories ranked with `rank` (the ranking model's vectors).
    pub fn ranked_with(mut self, rank: Option<RankVectors>) -> Prepared {
        self.rank = rank;
        self
    }

    /// The documents' input: ledger items, story picks that avoid retelling a
    /// story to someone who heard it, and questions to ask.
    pub fn input(&self) -> SheetInput<'_> {
        let mut input = SheetInput::new(&self.pack, &self.profile, self.now);
        input.ledger_items = self
            .ledger
            .requirements
            .iter()
            .filter(|v| {
                v.importance != Importance::Unspecified || v.status != LedgerStatus::Addressed
            })
            .map(|v| LedgerItem {
                requirement: v.text.clone(),
                importance: v.importance,
                status: v.status,
                evidence_excerpt: v
                    .evidence
                    .iter()
                    .find(|e| e.counted)
                    .map(|e| e.excerpt.clone())
                    .unwrap_or_default(),
                best_story: v
                    .evidence
                    .iter()
                    .find(|e| e.counted && matches!(e.kind, EvidenceKind::Story))
                    .and_then(|e| self.pack.stories.iter().find(|s| s.id.to_string() == e.id))
                    .map(|s| s.title.clone()),
            })
            .collect();
        input.story_picks = self.story_picks();
        input.questions_to_ask = self.questions_to_ask();
        input
    }

    /// Likely questions (from the must-have requirements, gaps first) with
    /// the best story for each, stories nobody in the next round heard first.
    pub fn story_picks(&self) -> Vec<StoryPick> {
        let mut reqs: Vec<(String, Importance)> = Vec::new();
        for st in [
            LedgerStatus::Gap,
            LedgerStatus::Story,
            LedgerStatus::Addressed,
        ] {
            for v in self
                .ledger
                .requirements
                .iter()
                .filter(|v| v.status == st && v.importance == Importance::Must)
            {
                reqs.push((v.text.clone(), v.importance));
            }
        }
        let threshold = story_threshold(self.vectors.as_ref());
        let memory = interviewer_memory(&self.pack);
        let next = self.pack.round(self.pack.next_round_number());
        let names: Vec<&str> = next
            .map(|r| r.interviewers.iter().map(|i| i.name.as_str()).collect())
            .unwrap_or_default();
        let mut picks: Vec<(String, String)> = Vec::new();
        for q in role_questions(&reqs)
            .into_iter()
            .filter(|q| q.id.ends_with("-time"))
        {
            let rank = |scorer: &dyn Scorer| rank_stories(&q.text, &self.pack.stories, scorer, 3);
            let ranked = match &self.rank {
                Some(r) => with_rank_scorer(Some(r), rank),
                None => with_scorer(self.vectors.as_ref(), rank),
            };
            for r in ranked {
                if r.score >= threshold && !picks.iter().any(|(_, t)| *t == r.title) {
                    // Ranked with the question a requirement invites (its
                    // cue words help); shown as the requirement: shorter.
                    picks.push((
                        q.requirement.clone().unwrap_or_else(|| q.text.clone()),
                        r.title,
                    ));
                    break;
                }
            }
        }
        let titles: Vec<&str> = picks.iter().map(|(_, t)| t.as_str()).collect();
        plan_stories(&memory, &names, &titles)
            .iter()
            .filter_map(|plan| picks.iter().find(|(_, t)| *t == plan.story))
            .take(5)
            .map(|(q, t)| StoryPick {
                question: q.clone(),
                story_title: t.clone(),
                result_line: self
                    .pack
                    .stories
                    .iter()
                    .find(|s| &s.title == t)
                    .map(|s| s.result.clone())
                    .unwrap_or_default(),
            })
            .collect()
    }

    /// The candidate's own unasked questions, topped up with suggestions.
    pub fn questions_to_ask(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .pack
            .questions_to_ask
            .iter()
            .filter(|q| !q.asked)
            .map(|q| (q.theme.clone(), q.text.clone()))
            .collect();
        let want = 5usize.saturating_sub(out.len());
        for q in ask_plan(&self.pack, &self.profile, want).suggestions {
            out.push((q.theme.as_str().replace('_', " "), q.text));
        }
        out
    }

    /// Thank-you drafts for a round, with saved notes (which may hold the
    /// user's edits) taking the place of fresh bodies unless `regenerate`.
    /// Returns the drafts and the notes to store for those not saved yet
    /// (keeping any sent time), so later edits and "sent" marks have a
    /// record to change.
    pub fn thank_you_drafts(
        &self,
        round: u32,
        template: Option<&str>,
        regenerate: bool,
    ) -> (Vec<Draft>, Vec<ThankYouNote>) {
        let mut drafts = thank_you_notes(&self.pack, &self.profile, round, template);
        let mut to_save = Vec::new();
        for d in drafts.iter_mut() {
            let saved = self
                .pack
                .thank_you
                .iter()
                .find(|t| t.round == round && t.interviewer == d.interviewer);
            match saved {
                Some(t) if !regenerate => d.body.clone_from(&t.body),
                _ => to_save.push(ThankYouNote {
                    id: 0,
                    round,
                    interviewer: d.interviewer.clone(),
                    body: d.body.clone(),
                    deadline: d.deadline,
                    sent_at: saved.and_then(|t| t.sent_at),
                }),
            }
        }
        (drafts, to_save)
    }

    /// The calendar: rounds, thank-you deadlines of past rounds, and practice
    /// sessions from the review plan.
    pub fn calendar(&self, cards: &[Card]) -> String {
        let mut all = Vec::new();
        for r in self
            .pack
            .rounds
            .iter()
            .filter(|r| r.date.is_some_and(|d| d <= self.now))
        {
            all.extend(thank_you_notes(&self.pack, &self.profile, r.number, None));
        }
        calendar_ics(
            &self.pack,
            &all,
            &practice_sessions(&self.pack, cards, self.now),
            self.now,
        )
    }
}

/// Practice sessions for the calendar: one an evening (19:00) on each day of
/// the review plan, or the two evenings before the interview when nothing is
/// planned yet.
pub fn practice_sessions(
    pack: &PrepPack,
    cards: &[Card],
    now: DateTime<FixedOffset>,
) -> Vec<PracticeSession> {
    let Some(interview) = interview_date(pack, now) else {
        return vec![];
    };
    let offset = *interview.offset();
    let mut days: Vec<chrono::NaiveDate> = plan_in(cards, now.to_utc(), interview.to_utc(), offset)
        .into_iter()
        .map(|d| d.date)
        .collect();
    if days.is_empty() {
        let day = interview.date_naive();
        days = vec![day - Duration::days(2), day - Duration::days(1)];
    }
    let seven = NaiveTime::from_hms_opt(19, 0, 0).unwrap_or_default();
    days.into_iter()
        .filter_map(|d| offset.from_local_datetime(&d.and_time(seven)).single())
        .filter(|start| *start > now && *start < interview)
        .map(|start| PracticeSession {
            start,
            minutes: 15,
            label: format!("Practise for round {}", pack.next_round_number()),
        })
        .collect()
}
