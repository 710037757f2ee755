//! Thank-you notes: one draft per interviewer of a round, naming a specific
//! topic from the notes of that conversation, the role and company, renewed
//! interest and any promised follow-up. Templates add connecting words only;
//! every topic phrase is made of the note's own words (see [`crate::phrase`]).

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use round2_core::{Interviewer, Note, NoteKind, PrepPack, Profile};
use serde::Serialize;

use crate::phrase::{topics_of, Frame, Topic, FRAME_WORDS};
use crate::source::{note_source, Source};
use crate::text::{self, first_name, follow_up_object};
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
const OPENING_AGAIN: &str =
    "Thank you for taking the time to meet with me again about the {role} role at {company}.";
const ENJOYED: &str = "I especially enjoyed";
const FURTHER: &str = "and I am happy to discuss it further";
const ALSO: &str = "I also appreciated";
const ALSO_GLAD: &str = "I was also glad to";
const CHANCE: &str = "the chance to ";
const PROMISED: &str = "As promised, I am sending";
const PROMISED_LATER: &str = "As promised, I will follow up with";
const INTEREST: &str = "Our conversation made me even more interested in the role, and I would welcome the chance to join the team at {company}.";
const NO_TOPIC: &str = "I enjoyed learning more about the team and the work.";
const CLOSING: &str = "Please let me know if there is anything else I can share. Thank you again, {first}, and I look forward to hearing from you.";
const SIGN_OFF: &str = "Best regards,";
const SUBJECT: &str = "Thank you for the {role} {kind}";
const SUBJECT_WORDS: &str =
    "interview panel phone call video technical working bench second third fourth";

/// Every word the default template contributes (besides the user's records).
pub fn connecting_words() -> BTreeSet<String> {
    [
        GREETING,
        OPENING,
        OPENING_AGAIN,
        ENJOYED,
        FURTHER,
        ALSO,
        ALSO_GLAD,
        PROMISED,
        PROMISED_LATER,
        INTEREST,
        NO_TOPIC,
        CLOSING,
        SIGN_OFF,
        SUBJECT,
        SUBJECT_WORDS,
        FRAME_WORDS,
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
/// answers and the interviewer's questions first, things only heard last
/// (small talk is ranked after all of them, in [`candidate_topics`]).
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
    // The user named the topic: it goes first.
    let named = if note.topic.is_some() { 10 } else { 0 };
    base + i32::from(own) - i32::from(negative) + named
}

/// How well a framing thanks someone: their questions and what I walked
/// them through say most about the conversation; what I only heard, least.
fn frame_weight(f: Frame) -> i32 {
    match f {
        Frame::TheirQuestion | Frame::Walked | Frame::Worked | Frame::Chance => 2,
        Frame::Conversation => 1,
        Frame::Heard | Frame::Shown => 0,
    }
}

/// How specific a topic is: a name, a number or a few words say more than
/// "hiring" alone.
fn specificity(t: &Topic) -> i32 {
    let words: Vec<&str> = t.phrase.split_whitespace().collect();
    let named = words.iter().skip(1).any(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    });
    let short = words.len() <= 2;
    i32::from(named) - i32::from(short)
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

/// Every topic round2 can name for `person` after round `round`, best first.
pub fn candidate_topics(pack: &PrepPack, round: u32, person: &Interviewer) -> Vec<(Topic, Source)> {
    let names: Vec<&str> = pack.interviewers.iter().map(|p| p.name.as_str()).collect();
    let notes = topic_notes(pack, round, &person.name);
    // Small talk after the substance, whatever it scores: a thank-you names
    // what the interview was about before "whether I speak French".
    let mut scored: Vec<((bool, i32), Topic, Source)> = notes
        .iter()
        .copied()
        .flat_map(|n| {
            topics_of(n, &person.name, &names)
                .into_iter()
                .map(move |t| {
                    let score = weight(n) + frame_weight(t.frame) + specificity(&t);
                    ((n.kind == NoteKind::Rapport, -score), t, note_source(n))
                })
        })
        .collect();
    // Stable: file order breaks ties.
    scored.sort_by_key(|(rank, _, _)| *rank);
    let mut out: Vec<(Topic, Source)> = Vec::new();
    for (_, t, s) in scored {
        if !out
            .iter()
            .any(|(o, _)| o.phrase.eq_ignore_ascii_case(&t.phrase))
        {
            out.push((t, s));
        }
    }
    out
}

struct Material {
    topics: Vec<(Topic, Source)>,
    /// What was promised, whether it can be sent now, and its note.
    follow_ups: Vec<(String, Source, bool)>,
}

fn material(pack: &PrepPack, round: u32, person: &Interviewer, rotate: usize) -> Material {
    let names: Vec<&str> = pack.interviewers.iter().map(|p| p.name.as_str()).collect();
    let mut topics = candidate_topics(pack, round, person);
    // Topics the user named win outright: the note names those and no others.
    let own: Vec<(Topic, Source)> = pack
        .notes_of_round(round)
        .filter(|n| n.interviewer.as_deref() == Some(person.name.as_str()))
        .filter_map(|n| {
            let t = n.topic.as_deref().filter(|t| !t.trim().is_empty())?;
            Some((Topic::own(t), note_source(n)))
        })
        .collect();
    if !own.is_empty() {
        topics = own;
    }
    let shared = !pack
        .notes_of_round(round)
        .any(|n| n.interviewer.as_deref() == Some(person.name.as_str()));
    if shared && !topics.is_empty() {
        let k = rotate % topics.len();
        topics.rotate_left(k);
    }
    topics.truncate(2);
    let follow_ups = pack
        .notes_of_round(round)
        .filter(|n| n.kind == NoteKind::FollowUp)
        .filter(|n| n.interviewer.as_deref().is_none_or(|w| w == person.name))
        .filter_map(|n| {
            let (what, ready) = follow_up_object(&n.text, &names)?;
            Some((what, note_source(n), ready))
        })
        .collect();
    Material { topics, follow_ups }
}

/// The role as a sentence names it: "Digital Marketing Specialist (Paid
/// Social & Email)" reads "Digital Marketing Specialist".
pub fn short_role(role: &str) -> &str {
    let mut r = role.trim();
    for sep in [" (", ", ", " - ", " – ", " — ", " / "] {
        if let Some(i) = r.find(sep) {
            if i > 0 {
                r = &r[..i];
            }
        }
    }
    r.trim()
}

/// `text` with a period at the end, unless it already ends a sentence
/// (a company named "Fernhollow Tea Co." ends with its own).
pub fn end_sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

fn fill(template: &str, first: &str, role: &str, company: &str) -> String {
    // A company ending in "Co." or "Inc." ends the sentence with its own period.
    let template = if company.ends_with('.') {
        template.replace("{company}.", "{company}")
    } else {
        template.to_string()
    };
    template
        .replace("{first}", first)
        .replace("{role}", role)
        .replace("{company}", company)
}

/// What the round was, for the subject line.
fn round_kind(kind: &str, number: u32) -> String {
    let k = kind.to_lowercase();
    let named = [
        ("panel", "panel interview"),
        ("phone", "phone call"),
        ("video", "video call"),
        ("technical", "technical interview"),
        ("working", "working interview"),
        ("bench", "bench interview"),
    ]
    .iter()
    .find(|(w, _)| k.contains(w))
    .map(|(_, p)| (*p).to_string());
    named.unwrap_or_else(|| match number {
        2 => "second interview".into(),
        3 => "third interview".into(),
        4 => "fourth interview".into(),
        _ => "interview".into(),
    })
}

fn default_body(
    first: &str,
    role: &str,
    company: &str,
    my_name: &str,
    again: bool,
    m: &Material,
) -> String {
    let mut paragraphs = vec![format!("{GREETING} {first},")];
    let opening = if again { OPENING_AGAIN } else { OPENING };
    let mut main = fill(opening, first, role, company);
    let first_framed = m.topics.first().map(|(t, _)| (t, t.framed()));
    match &first_framed {
        Some((t, framed)) => {
            let further = matches!(t.frame, Frame::Conversation | Frame::TheirQuestion);
            if further {
                main.push_str(&format!(" {ENJOYED} {framed}, {FURTHER}."));
            } else {
                main.push_str(&format!(
                    " {}",
                    end_sentence(&format!("{ENJOYED} {framed}"))
                ));
            }
        }
        None => main.push_str(&format!(" {NO_TOPIC}")),
    }
    if let Some((t, _)) = m.topics.get(1) {
        let framed = t.framed();
        // "the chance to" once a note: the second says it another way.
        let twice = first_framed.is_some_and(|(_, f)| f.starts_with(CHANCE));
        let line = match framed.strip_prefix(CHANCE) {
            Some(rest) if twice => format!("{ALSO_GLAD} {rest}"),
            _ => format!("{ALSO} {framed}"),
        };
        main.push_str(&format!(" {}", end_sentence(&line)));
    }
    paragraphs.push(main);
    for (what, _, ready) in &m.follow_ups {
        if *ready {
            paragraphs.push(format!("{PROMISED} {what}."));
        } else {
            paragraphs.push(format!("{PROMISED_LATER} {what}."));
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
    let topic = m.topics.first().map(|(t, _)| t.plain()).unwrap_or_default();
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
    let role = short_role(&pack.opportunity.role);
    let company = pack.opportunity.company.trim();

    let mut drafts: Vec<Draft> = Vec::new();
    for (i, person) in round.interviewers.iter().enumerate() {
        let first = &first_name(&person.name);
        let m = material(pack, round_number, person, i);
        // Someone met in an earlier round too is thanked for meeting again.
        let met_before = pack.rounds.iter().any(|r| {
            r.number < round_number && r.interviewers.iter().any(|p| p.name == person.name)
        });
        let body = match template {
            Some(t) => user_body(t, first, role, company, &profile.name, &m),
            None => default_body(first, role, company, &profile.name, met_before, &m),
        };
        let mut sources = vec![Source::Opportunity, Source::Profile];
        sources.extend(m.topics.iter().map(|(_, s)| s.clone()));
        sources.extend(m.follow_ups.iter().map(|(_, s, _)| s.clone()));
        let mut unique: Vec<Source> = Vec::new();
        for s in sources {
            if !unique.contains(&s) {
                unique.push(s);
            }
        }
        let sources = unique;
        drafts.push(Draft {
            round: round_number,
            interviewer: person.name.clone(),
            email: person.email.clone(),
            subject: fill(SUBJECT, first, role, company)
                .replace("{kind}", &round_kind(&round.kind, round_number)),
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

#[cfg(test)]
mod tests {
    use round2_core::prep::{Format, PrepFile};

    use super::*;

    #[test]
    fn small_talk_is_named_after_the_substance_even_when_it_scores_higher() {
        // The rapport note comes first and is the more specific (a question
        // of theirs, about me, with names); the topic note is plain hearing.
        let yaml = r#"
company: Rook Kitchens
role: Sous Chef
job_description: "Rook Kitchens runs three restaurants in Galway and Sligo."
rounds:
  - number: 1
    kind: interview
    interviewers:
      - {name: Noor Haddad}
    notes:
      - {kind: rapport, interviewer: Noor Haddad, text: "She asked if I grew up in Galway since I'm a Tribes fan."}
      - {kind: topic, interviewer: Noor Haddad, text: "Noor said the menu changes every six weeks."}
"#;
        let file = PrepFile::parse(yaml, Format::Yaml).expect("a valid prep file");
        let pack = crate::pack_from_prep(&file);
        let topics = candidate_topics(&pack, 1, &pack.interviewers[0]);
        let framed: Vec<String> = topics.iter().map(|(t, _)| t.framed()).collect();
        assert_eq!(
            framed,
            vec![
                "hearing that the menu changes every six weeks",
                "your question about whether I grew up in Galway since I'm a Tribes fan",
            ]
        );
    }
}
