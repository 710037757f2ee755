//! The pitch for one interviewer: why this company (from research, or the
//! posting when there is none), why me (the strongest requirement-to-story
//! matches), a 30-second introduction for someone new or a recap for someone
//! returning, and a closing statement of interest.

use round2_core::ResearchSection;

use crate::input::{Importance, LedgerStatus, SheetInput};
use crate::memory::interviewer_memory;
use crate::source::{Source, SourcedLine};
use crate::text;

/// The pitch for one interviewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pitch {
    pub interviewer: String,
    pub returning: bool,
    pub why_company: Vec<SourcedLine>,
    pub why_me: Vec<SourcedLine>,
    /// For someone new: the introduction. For someone returning: the recap
    /// of what you discussed and what you promised.
    pub opening: Vec<SourcedLine>,
    pub closing: SourcedLine,
}

/// Sentences of the posting that talk about the company (they name it or
/// say "we"/"our"), for when there is no research.
fn posting_company_sentences(posting: &str, company: &str) -> Vec<String> {
    let company_l = company.to_lowercase();
    posting
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('-') && l.split_whitespace().count() > 6)
        .flat_map(|l| l.split_inclusive(". ").map(str::trim).collect::<Vec<_>>())
        .filter(|s| {
            let l = s.to_lowercase();
            l.contains(&company_l) || l.starts_with("we ") || l.starts_with("our ")
        })
        .map(|s| s.to_string())
        .collect()
}

/// The pitch for `interviewer` (by name) in the round being prepared for.
pub fn pitch(input: &SheetInput<'_>, interviewer: &str) -> Pitch {
    let pack = input.pack;
    let opp = &pack.opportunity;
    let mut why_company = Vec::new();
    let mut research: Vec<_> = pack.research.iter().collect();
    research.sort_by_key(|r| match r.section {
        ResearchSection::Mission => 0,
        ResearchSection::Culture => 1,
        ResearchSection::Products => 2,
        ResearchSection::News => 3,
        _ => 4,
    });
    for r in research.iter().take(3) {
        why_company.push(SourcedLine::new(
            text::condense(text::first_sentence(&r.text), 30),
            vec![Source::Research {
                id: r.id,
                section: r.section.to_string(),
                url: r.source.clone(),
            }],
        ));
    }
    if why_company.is_empty() {
        let sentences = posting_company_sentences(&opp.job_description, &opp.company);
        let priorities: Vec<String> = input
            .profile
            .priorities
            .iter()
            .map(|p| p.to_lowercase())
            .collect();
        // Sentences that touch what matters most to the candidate come first.
        let mut ranked: Vec<(bool, String)> = sentences
            .into_iter()
            .map(|s| {
                let l = s.to_lowercase();
                (priorities.iter().any(|p| !p.is_empty() && l.contains(p)), s)
            })
            .collect();
        ranked.sort_by_key(|(hit, _)| !*hit);
        for (hit, s) in ranked.into_iter().take(3) {
            let mut sources = vec![Source::Posting];
            if hit {
                sources.push(Source::Profile);
            }
            why_company.push(SourcedLine::new(
                text::condense(s.trim_end_matches('.'), 30),
                sources,
            ));
        }
    }
    let mut matches: Vec<_> = input
        .ledger_items
        .iter()
        .filter(|i| i.status != LedgerStatus::Gap)
        .filter_map(|i| {
            let s = input.story(i.best_story.as_deref()?)?;
            Some((i, s))
        })
        .collect();
    matches.sort_by_key(|(i, _)| {
        (
            i.importance != Importance::Must,
            i.status != LedgerStatus::Story,
        )
    });
    let why_me: Vec<SourcedLine> = matches
        .iter()
        .take(3)
        .map(|(i, s)| {
            SourcedLine::new(
                format!(
                    "\"{}\": {}",
                    text::condense(i.requirement.trim_start_matches("- "), 12),
                    text::condense(text::first_sentence(&s.result), 20)
                ),
                vec![
                    Source::Requirement {
                        text: i.requirement.clone(),
                    },
                    Source::Story {
                        title: s.title.clone(),
                    },
                ],
            )
        })
        .collect();
    let memory = interviewer_memory(pack);
    let next = pack.next_round_number();
    let mem = memory.iter().find(|m| m.interviewer == interviewer);
    let returning = mem.is_some_and(|m| m.rounds.iter().any(|r| *r < next));
    let mut opening = Vec::new();
    let first = text::first_name(interviewer);
    if let (true, Some(m)) = (returning, mem) {
        let topics: Vec<&(String, Source)> = m.topics.iter().take(3).collect();
        if !topics.is_empty() {
            opening.push(SourcedLine::new(
                format!(
                    "Good to see you again, {first}. Last time we discussed {}.",
                    topics
                        .iter()
                        .map(|(t, _)| t.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                topics.iter().map(|(_, s)| s.clone()).collect(),
            ));
        }
        for (p, s) in &m.promised {
            opening.push(SourcedLine::new(
                format!("You promised: {p}. Say it is done."),
                vec![s.clone()],
            ));
        }
        if !m.stories.is_empty() {
            opening.push(SourcedLine::new(
                format!(
                    "{first} already heard: {}. Tell other stories.",
                    m.stories
                        .iter()
                        .map(|(t, _)| format!("'{t}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                m.stories.iter().map(|(_, s)| s.clone()).collect(),
            ));
        }
    } else {
        let mut intro = format!("Hello {first}, I'm {}", input.profile.name);
        if let Some(h) = input
            .profile
            .headline
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            intro.push_str(&format!(", {}", h.trim()));
        }
        intro.push_str(&format!(
            ". I'm here for the {} role at {}.",
            opp.role, opp.company
        ));
        let mut sources = vec![Source::Profile, Source::Opportunity];
        let results: Vec<String> = matches
            .iter()
            .take(2)
            .map(|(_, s)| {
                sources.push(Source::Story {
                    title: s.title.clone(),
                });
                text::condense(text::first_sentence(&s.result), 18)
            })
            .collect();
        if !results.is_empty() {
            intro.push_str(&format!(
                " Two things I'd bring: {}.",
                results.join("; and ")
            ));
        }
        opening.push(SourcedLine::new(intro, sources));
    }
    let closing = SourcedLine::new(
        format!(
            "I'm very interested in the {} role at {}, and I'd like to be part of what you're building.",
            opp.role, opp.company
        ),
        vec![Source::Opportunity],
    );
    Pitch {
        interviewer: interviewer.to_string(),
        returning,
        why_company,
        why_me,
        opening,
        closing,
    }
}

impl Pitch {
    /// The pitch as Markdown with sources.
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "# Pitch for {} ({})\n",
            self.interviewer,
            if self.returning { "returning" } else { "new" }
        );
        let section = |out: &mut String, title: &str, lines: &[SourcedLine]| {
            out.push_str(&format!("\n## {title}\n\n"));
            if lines.is_empty() {
                out.push_str("- (nothing recorded yet)\n");
            }
            for l in lines {
                out.push_str(&format!("- {}  \n  _from {}_\n", l.text, l.cite()));
            }
        };
        section(&mut out, "Why this company", &self.why_company);
        section(&mut out, "Why me", &self.why_me);
        section(
            &mut out,
            if self.returning {
                "Recap"
            } else {
                "30-second introduction"
            },
            &self.opening,
        );
        section(&mut out, "Closing", std::slice::from_ref(&self.closing));
        out
    }
}
