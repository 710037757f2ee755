//! Thank-you notes: one draft per interviewer of a round, naming a specific
//! topic from the notes of that conversation, the role and company, renewed
//! interest and any promised follow-up. Templates add connecting words only;
//! every topic phrase is condensed from the note's own words.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use round2_core::{Interviewer, Note, NoteKind, PrepPack, Profile};
use serde::Serialize;

use crate::source::{note_source, Source};
use crate::text::{self, first_name, follow_up_object, topic_phrase, TopicPhrase};
use crate::DocumentError;

/// A thank-you note ready to review and send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub round: u32,
    pub interviewer: String,
    pub email: Option<String>,
    pub subject: String,
    pub body: String,
    /// 24 hours after the round started, when the round has a time.
    pub deadline: Option<DateTime<FixedOffset>>,
    /// The records the body was built from.
    pub sources: Vec<Source>,
}

/// The placeholders a user template may use.
pub const PLACEHOLDERS: &str =
    "{interviewer_first_name}, {topic}, {role}, {company}, {follow_up}, {my_name}";
const PLACEHOLDER_NAMES: &[&str] = &[
    "interviewer_first_name",
    "topic",
    "role",
    "company",
    "follow_up",
    "my_name",
];

// The default template's connecting words. Kept as constants so tests can
// check that every other word of a note comes from the user's records.
const GREETING: &str = "Dear";
const OPENING: &str =
    "Thank you for taking the time to speak with me about the {role} role at {company}.";
const ENJOYED: &str = "I especially enjoyed";
const ALSO: &str = "I also appreciated";
const AND: &str = "and";
const PROMISED: &str = "As promised, I am sending";
const PROMISED_OTHER: &str = "As promised, I will follow up on this:";
const INTEREST: &str = "Our conversation made me even more interested in the {role} role, and I would welcome the chance to join the team at {company}.";
const CLOSING: &str = "Please let me know if there is anything else I can share. Thank you again, {first}, and I look forward to hearing from you.";
const SIGN_OFF: &str = "Best regards,";
const SUBJECT: &str = "Thank you for the {role} interview";

/// Every word the default template contributes (besides the user's records).
pub fn connecting_words() -> BTreeSet<String> {
    [
        GREETING,
        OPENING,
        ENJOYED,
        ALSO,
        AND,
        PROMISED,
        PROMISED_OTHER,
        INTEREST,
        CLOSING,
        SIGN_OFF,
        SUBJECT,
        "our conversation about your question about what you told me about hearing how",
    ]
    .iter()
    .flat_map(|t| text::words(&strip_placeholders(t)))
    .chain(text::PRONOUN_WORDS.iter().map(|w| w.to_string()))
    .collect()
}

fn strip_placeholders(t: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in t.chars() {
        match c {
            '{' => inside = true,
            '}' => {
                inside = false;
                out.push(' ');
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Checks a user template: every `{...}` must be a known placeholder.
pub fn validate_template(template: &str) -> Result<(), DocumentError> {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !PLACEHOLDER_NAMES.contains(&name) {
            return Err(DocumentError::UnknownPlaceholder(
                name.to_string(),
                PLACEHOLDERS,
            ));
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// How much a note says about the conversation itself: the candidate's own
/// answers and the interviewer's questions first, things only heard last.
fn weight(note: &Note) -> i32 {
    let base = match note.kind {
        NoteKind::Answer | NoteKind::Question => 3,
        NoteKind::Topic | NoteKind::Asked | NoteKind::Story => 2,
        NoteKind::Rapport => 0,
        NoteKind::Forgot | NoteKind::FollowUp => -100,
    };
    let w = text::words(&note.text);
    let own = w
        .iter()
        .any(|x| matches!(x.as_str(), "i" | "my" | "me" | "i'd" | "i've"));
    let negative = w.iter().any(|x| x.ends_with("n't") || x == "not");
    let heard = w
        .iter()
        .take(3)
        .any(|x| matches!(x.as_str(), "said" | "mentioned"));
    base + i32::from(own) - i32::from(negative) - i32::from(heard)
}

/// The notes a thank-you to `who` after round `round` may name: theirs, or
/// the round's notes when none name them.
fn topic_notes<'p>(pack: &'p PrepPack, round: u32, who: &str) -> Vec<&'p Note> {
    let usable = |n: &&Note| weight(n) > -50;
    let theirs: Vec<&Note> = pack
        .notes_of_round(round)
        .filter(|n| n.interviewer.as_deref() == Some(who))
        .filter(usable)
        .collect();
    if !theirs.is_empty() {
        return theirs;
    }
    let unnamed: Vec<&Note> = pack
        .notes_of_round(round)
        .filter(|n| n.interviewer.is_none())
        .filter(usable)
        .collect();
    if !unnamed.is_empty() {
        return unnamed;
    }
    pack.notes_of_round(round).filter(usable).collect()
}

struct Material {
    topics: Vec<(TopicPhrase, Source)>,
    follow_ups: Vec<(String, Source, bool)>,
}

fn material(pack: &PrepPack, round: u32, person: &Interviewer, rotate: usize) -> Material {
    let names: Vec<&str> = pack.interviewers.iter().map(|p| p.name.as_str()).collect();
    let mut notes = topic_notes(pack, round, &person.name);
    // Stable: file order breaks ties.
    notes.sort_by_key(|n| -weight(n));
    let mut topics: Vec<(TopicPhrase, Source)> = notes
        .iter()
        .filter_map(|n| topic_phrase(n, &names).map(|t| (t, note_source(n))))
        .collect();
    let shared = !pack
        .notes_of_round(round)
        .any(|n| n.interviewer.as_deref() == Some(person.name.as_str()));
    if shared && !topics.is_empty() {
        let k = rotate % topics.len();
        topics.rotate_left(k);
    }
    topics.truncate(3);
    let follow_ups = pack
        .notes_of_round(round)
        .filter(|n| n.kind == NoteKind::FollowUp)
        .filter(|n| n.interviewer.as_deref().is_none_or(|w| w == person.name))
        .map(|n| match follow_up_object(&n.text, &names) {
            Some(obj) => (obj, note_source(n), true),
            None => (
                text::condense(text::first_sentence(&n.text), 18),
                note_source(n),
                false,
            ),
        })
        .collect();
    Material { topics, follow_ups }
}

fn fill(template: &str, first: &str, role: &str, company: &str) -> String {
    template
        .replace("{first}", first)
        .replace("{role}", role)
        .replace("{company}", company)
}

fn default_body(
    first: &str,
    role: &str,
    company: &str,
    my_name: &str,
    m: &Material,
    budget: usize,
) -> String {
    let mut paragraphs = vec![format!("{GREETING} {first},")];
    let mut main = fill(OPENING, first, role, company);
    let mut topics = m.topics.clone();
    loop {
        let mut p = main.clone();
        if let Some((t, _)) = topics.first() {
            p.push_str(&format!(" {ENJOYED} {}.", t.framed()));
        }
        let more: Vec<String> = topics.iter().skip(1).map(|(t, _)| t.framed()).collect();
        if !more.is_empty() {
            p.push_str(&format!(" {ALSO} {}.", more.join(&format!(" {AND} "))));
        }
        if text::word_count(&p) <= budget || topics.len() <= 1 {
            main = p;
            break;
        }
        topics.pop();
    }
    paragraphs.push(main);
    for (what, _, sending) in &m.follow_ups {
        if *sending {
            paragraphs.push(format!("{PROMISED} {what}."));
        } else {
            paragraphs.push(format!("{PROMISED_OTHER} {what}."));
        }
    }
    paragraphs.push(format!(
        "{} {}",
        fill(INTEREST, first, role, company),
        fill(CLOSING, first, role, company)
    ));
    paragraphs.push(format!("{SIGN_OFF}\n{my_name}"));
    paragraphs.join("\n\n")
}

fn user_body(
    template: &str,
    first: &str,
    role: &str,
    company: &str,
    my_name: &str,
    m: &Material,
) -> String {
    let topic = m
        .topics
        .first()
        .map(|(t, _)| t.phrase.clone())
        .unwrap_or_default();
    let follow_up = m
        .follow_ups
        .iter()
        .map(|(w, _, _)| w.clone())
        .collect::<Vec<_>>()
        .join("; ");
    let filled = template
        .replace("{interviewer_first_name}", first)
        .replace("{topic}", &topic)
        .replace("{role}", role)
        .replace("{company}", company)
        .replace("{follow_up}", &follow_up)
        .replace("{my_name}", my_name);
    // A line left blank by an empty placeholder is dropped.
    let mut out: Vec<&str> = Vec::new();
    for (line, orig) in filled.lines().zip(template.lines()) {
        if line.trim().is_empty() && !orig.trim().is_empty() {
            continue;
        }
        out.push(line);
    }
    out.join("\n")
}

/// One thank-you draft per interviewer of round `round_number`: 60 to 180
/// words with the default template, each naming a topic from the notes taken
/// with that interviewer. `template` replaces the default wording; see
/// [`PLACEHOLDERS`] and [`validate_template`].
pub fn thank_you_notes(
    pack: &PrepPack,
    profile: &Profile,
    round_number: u32,
    template: Option<&str>,
) -> Vec<Draft> {
    let Some(round) = pack.round(round_number) else {
        return Vec::new();
    };
    let role = pack.opportunity.role.trim();
    let company = pack.opportunity.company.trim();
    let mut drafts: Vec<Draft> = Vec::new();
    for (i, person) in round.interviewers.iter().enumerate() {
        let first = first_name(&person.name);
        let m = material(pack, round_number, person, i);
        let body = match template {
            Some(t) => user_body(t, first, role, company, &profile.name, &m),
            None => {
                let mut budget = 150;
                let mut body;
                loop {
                    body = default_body(first, role, company, &profile.name, &m, budget);
                    if text::word_count(&body) <= 180 || budget < 40 {
                        break;
                    }
                    budget -= 20;
                }
                body
            }
        };
        let mut sources = vec![Source::Opportunity, Source::Profile];
        sources.extend(m.topics.iter().map(|(_, s)| s.clone()));
        sources.extend(m.follow_ups.iter().map(|(_, s, _)| s.clone()));
        drafts.push(Draft {
            round: round_number,
            interviewer: person.name.clone(),
            email: person.email.clone(),
            subject: fill(SUBJECT, first, role, company),
            body,
            deadline: round.thank_you_deadline(),
            sources,
        });
    }
    drafts
}

/// The draft as plain text: a header block then the body.
pub fn draft_to_text(draft: &Draft) -> String {
    let mut out = format!("To: {}", draft.interviewer);
    if let Some(e) = &draft.email {
        out.push_str(&format!(" <{e}>"));
    }
    out.push_str(&format!("\nSubject: {}\n", draft.subject));
    if let Some(d) = draft.deadline {
        out.push_str(&format!("Send by: {}\n", d.format("%a %e %b %Y %H:%M %:z")));
    }
    out.push('\n');
    out.push_str(&draft.body);
    out.push_str("\n\nSources: ");
    out.push_str(
        &draft
            .sources
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    );
    out.push('\n');
    out
}
