//! The pitch for one interviewer: why this company (from research, or the
//! posting when there is none), why me (the strongest requirement-to-story
//! matches), a 30-second introduction for someone new or a recap for someone
//! returning, and a closing statement of interest.

use round2_core::ResearchSection;

use round2_core::{Importance, LedgerStatus};

use crate::input::SheetInput;
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
    /// What to say first. For someone new: the 30-second introduction. For
    /// someone returning: the recap of what you discussed last time.
    pub opening: Vec<SourcedLine>,
    pub closing: SourcedLine,
    /// For the candidate's eyes, not to be said: what was promised to this
    /// interviewer and the stories they already heard.
    pub reminders: Vec<SourcedLine>,
}

/// Words after which a clause may be cut.
const CLAUSE_CUTS: &[&str] = &[
    "; ",
    ", so ",
    ", and ",
    ", but ",
    ", which ",
    ", then ",
    " and then ",
    ", with ",
];

/// The first sentence of `text` as a sentence one can say: at most `max`
/// words, cut at a clause boundary when longer, ending with a period.
/// `None` when no cut makes it short enough (never an ellipsis).
pub fn sayable(text: &str, max: usize) -> Option<String> {
    let first = crate::prose::sentences(text).into_iter().next()?;
    let mut s = first
        .trim()
        .trim_end_matches(['.', '!', '?', ';', ','])
        .to_string();
    if s.split_whitespace().count() > max {
        let mut best: Option<usize> = None;
        for cut in CLAUSE_CUTS {
            for (i, _) in s.match_indices(cut) {
                let n = s[..i].split_whitespace().count();
                if (4..=max).contains(&n) && best.is_none_or(|b| i > b) {
                    best = Some(i);
                }
            }
        }
        s.truncate(best?);
    }
    if s.is_empty() || s.contains(['(', ')']) && s.matches('(').count() != s.matches(')').count() {
        return None;
    }
    Some(format!("{s}."))
}

/// The posting's sentences about the company in the second person: "We
/// run 46 stores" becomes "You run 46 stores". The title line (the
/// company, a colon and the role) and bullets are left out.
fn posting_company_sentences(posting: &str, company: &str) -> Vec<String> {
    let company_l = company.to_lowercase();
    let short = company_l
        .trim_end_matches('.')
        .trim_end_matches(" inc")
        .trim_end_matches(" ltd")
        .trim_end_matches(" llc")
        .trim_end_matches(" llp")
        .trim_end_matches(" co")
        .trim()
        .to_string();
    let mut out = Vec::new();
    for line in posting.lines().map(str::trim) {
        if line.starts_with(['-', '*', '•']) || line.split_whitespace().count() <= 6 {
            continue;
        }
        // The title line: "Company: Role (Place)".
        if line.contains(": ") && !line.ends_with('.') {
            continue;
        }
        for s in crate::prose::sentences(line) {
            if is_boilerplate(&s) {
                continue;
            }
            if let Some(you) = second_person(&s, &company_l, &short).filter(|y| unscarred(y)) {
                out.push(you);
            }
        }
    }
    out
}

/// Words of the sentences every posting carries (equal opportunity,
/// accommodation, applications welcome): true of the company, but nothing a
/// candidate says to explain why they want to work there.
const BOILERPLATE: &[&str] = &[
    "equal opportunit",
    "equal employment",
    "applications from",
    "welcome applicants",
    "welcome candidates",
    "candidates of every background",
    "candidates from all",
    "regardless of",
    "employment equity",
    "committed to diversity",
    "committed to building a team that reflects",
    "background check",
    "e-verify",
    "privacy notice",
    "we will contact",
    "only shortlisted",
    "to apply",
];

fn is_boilerplate(sentence: &str) -> bool {
    let l = sentence.to_lowercase();
    // "Accommodation" is boilerplate when asked for, not a hotel's trade.
    let accommodation = l.contains("accommodation")
        && ["request", "require", "need", "disabilit"]
            .iter()
            .any(|w| l.contains(w));
    accommodation || BOILERPLATE.iter().any(|b| l.contains(b))
}

/// A sentence about the company turned to address it, when it opens with
/// the company's name, "we" or "our".
fn second_person(s: &str, company_l: &str, short: &str) -> Option<String> {
    let lower = s.to_lowercase();
    let (rest, name_subject) = if let Some(r) = [company_l, short]
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| {
            // Lowercasing can change a name's length in bytes ("İ"): a cut
            // that is not on a character boundary is no match.
            if lower.starts_with(&format!("{n} ")) {
                s.get(n.len() + 1..)
            } else {
                None
            }
        }) {
        (r, true)
    } else if lower.starts_with("we ") || lower.starts_with("we're ") || lower.starts_with("our ") {
        (s, false)
    } else {
        return None;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    if name_subject {
        out.push("You".into());
    }
    for (i, w) in words.iter().enumerate() {
        let (core, punct) = crate::text::split_punct(w);
        let l = core.to_lowercase();
        let turned = match l.as_str() {
            "we" => Some("you".to_string()),
            "we're" => Some("you're".to_string()),
            "we've" => Some("you've".to_string()),
            "our" => Some("your".to_string()),
            // "us", not "US".
            "us" if core != "US" => Some("you".to_string()),
            "ours" => Some("yours".to_string()),
            "ourselves" => Some("yourselves".to_string()),
            "we'll" => Some("you'll".to_string()),
            "we'd" => Some("you'd".to_string()),
            // After a name turned into "you", the verb agrees, and so does
            // a second verb joined by "and" ("runs 12 warehouses and ships").
            _ if name_subject && i == 0 => Some(plural_verb(&l)?),
            _ if name_subject && i > 1 && words[i - 1] == "and" => plural_verb(&l),
            _ => None,
        };
        match turned {
            Some(t) => out.push(format!("{t}{punct}")),
            None => out.push((*w).to_string()),
        }
    }
    let mut sentence = out.join(" ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + &sentence[1..];
    }
    sayable(&sentence, 28)
}

/// The verb that goes with "you" for a verb that went with a name: "is" to
/// "are", "builds" to "build". `None` when the word is not a verb this knows.
fn plural_verb(v: &str) -> Option<String> {
    let irregular = [
        ("is", "are"),
        ("was", "were"),
        ("has", "have"),
        ("does", "do"),
    ];
    if let Some((_, p)) = irregular.iter().find(|(s, _)| *s == v) {
        return Some((*p).to_string());
    }
    if matches!(
        v,
        "makes"
            | "builds"
            | "sells"
            | "serves"
            | "runs"
            | "designs"
            | "helps"
            | "provides"
            | "offers"
            | "operates"
            | "employs"
            | "works"
            | "treats"
            | "creates"
            | "delivers"
            | "manages"
            | "supports"
            | "acts"
            | "develops"
            | "brings"
            | "connects"
            | "owns"
            | "leads"
            | "grows"
            | "produces"
            | "represents"
            | "ships"
            | "hires"
            | "trains"
            | "invests"
            | "partners"
    ) {
        return Some(v[..v.len() - 1].to_string());
    }
    if let Some(stem) = v.strip_suffix("ies") {
        if matches!(v, "supplies" | "carries" | "applies") {
            return Some(format!("{stem}y"));
        }
    }
    if matches!(
        v,
        "pushes" | "reaches" | "teaches" | "fixes" | "publishes" | "processes" | "matches"
    ) {
        return v.strip_suffix("es").map(str::to_string);
    }
    None
}

/// A headline as it reads after a name: "Product analyst who turns data
/// into decisions" becomes "product analyst who ..."; "Senior Engineer at
/// Acme" (a title in capitals) stays as it is.
fn headline_in_sentence(h: &str) -> String {
    let mut words = h.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return h.to_string();
    };
    let plain_word = first.chars().skip(1).all(|c| c.is_lowercase());
    if plain_word && second.starts_with(|c: char| c.is_lowercase()) {
        let mut cs = first.chars();
        let lowered: String = cs
            .next()
            .map(|c| c.to_lowercase().collect::<String>())
            .unwrap_or_default();
        format!(
            "{lowered}{}",
            &h[first.chars().next().map_or(0, char::len_utf8)..]
        )
    } else {
        h.to_string()
    }
}

/// The first sentence of a story's action that the candidate tells in the
/// first person ("I split the floor into zones"), short enough to say.
fn first_person_action(action: &str) -> Option<String> {
    let s = crate::prose::sentences(action)
        .into_iter()
        .find(|s| s.starts_with("I ") || s.starts_with("We "))?;
    // The first step of a list of steps: "I split the floor into zones, gave
    // each person a page, ..." says "I split the floor into zones."
    let first = match s.find([',', ':', ';']) {
        Some(i) if s[..i].split_whitespace().count() >= 3 => &s[..i],
        _ => s.as_str(),
    };
    sayable(first, 18)
}

/// Whether a line reads clean by round2's own splice checks.
fn unscarred(line: &str) -> bool {
    crate::prose::scars(line, &crate::prose::Reader::default()).is_empty()
}

/// The pitch for `interviewer` (by name) in the round being prepared for.
pub fn pitch(input: &SheetInput<'_>, interviewer: &str) -> Pitch {
    let pack = input.pack;
    let opp = &pack.opportunity;
    let role = crate::thank_you::short_role(&opp.role);
    let company = opp.company.trim();
    let mut why_company = Vec::new();
    let mut research: Vec<_> = pack.research.iter().collect();
    research.sort_by_key(|r| match r.section {
        ResearchSection::Mission => 0,
        ResearchSection::Culture => 1,
        ResearchSection::Products => 2,
        ResearchSection::News => 3,
        _ => 4,
    });
    for r in research.iter() {
        if why_company.len() == 3 {
            break;
        }
        if let Some(line) = sayable(&r.text, 30) {
            why_company.push(SourcedLine::new(
                line,
                vec![Source::Research {
                    id: r.id,
                    section: r.section.to_string(),
                    url: r.source.clone(),
                }],
            ));
        }
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
            why_company.push(SourcedLine::new(s, sources));
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
    let mut seen_stories: Vec<&str> = Vec::new();
    matches.retain(|(_, s)| {
        if seen_stories.contains(&s.title.as_str()) {
            false
        } else {
            seen_stories.push(&s.title);
            true
        }
    });
    let why_me: Vec<SourcedLine> = matches
        .iter()
        .filter_map(|(i, s)| {
            let result = sayable(&s.result, 22).filter(|r| unscarred(r))?;
            let line = match first_person_action(&s.action) {
                Some(a) => format!("{a} {result}"),
                None => result,
            };
            Some(SourcedLine::new(
                line,
                vec![
                    Source::Requirement {
                        text: i.requirement.clone(),
                    },
                    Source::Story {
                        title: s.title.clone(),
                    },
                ],
            ))
        })
        .take(3)
        .collect();
    let memory = interviewer_memory(pack);
    let next = pack.next_round_number();
    let mem = memory.iter().find(|m| m.interviewer == interviewer);
    let returning = mem.is_some_and(|m| m.rounds.iter().any(|r| *r < next));
    let mut opening = Vec::new();
    let mut reminders = Vec::new();
    let first = text::first_name(interviewer);
    if let (true, Some(m)) = (returning, mem) {
        let topics: Vec<&(crate::phrase::Topic, Source)> = m.topics.iter().take(2).collect();
        let mut line = format!("Good to see you again, {first}.");
        if !topics.is_empty() {
            let recalled: Vec<String> = topics.iter().map(|(t, _)| t.recalled()).collect();
            line.push_str(&format!(" Last time {}.", recalled.join(", and ")));
        }
        opening.push(SourcedLine::new(
            line,
            topics.iter().map(|(_, s)| s.clone()).collect(),
        ));
        for (p, s) in &m.promised {
            reminders.push(SourcedLine::new(
                format!(
                    "You promised {first}: {} Do it before the round, and say it is done.",
                    crate::thank_you::end_sentence(p.trim())
                ),
                vec![s.clone()],
            ));
        }
        if !m.stories.is_empty() {
            reminders.push(SourcedLine::new(
                format!(
                    "{first} already heard {}: tell other stories.",
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
            .map(|h| h.trim().trim_end_matches('.'))
            .filter(|h| !h.is_empty())
        {
            intro.push_str(&format!(", {}", headline_in_sentence(h)));
        }
        intro.push('.');
        let mut sources = vec![Source::Profile, Source::Opportunity];
        let lines = [
            intro,
            crate::thank_you::end_sentence(&format!(
                "I'm interviewing for the {role} role at {company}"
            )),
        ];
        let mut text = lines.join(" ");
        if let Some((_, s)) = matches
            .iter()
            .find(|(_, s)| sayable(&s.result, 22).is_some())
        {
            if let Some(r) = sayable(&s.result, 22) {
                let title = s.title.trim().trim_end_matches('.');
                let title = ["The ", "A ", "An "]
                    .iter()
                    .find_map(|a| {
                        title
                            .strip_prefix(a)
                            .map(|rest| format!("{}{rest}", a.to_lowercase()))
                    })
                    .unwrap_or_else(|| title.to_string());
                text.push_str(&format!(" One example of what I'd bring: {title}. {r}"));
                sources.push(Source::Story {
                    title: s.title.clone(),
                });
            }
        }
        opening.push(SourcedLine::new(text, sources));
    }
    let closing = SourcedLine::new(
        format!(
            "I'm very interested in the {role} role at {company}, and I'd like to be part of what you're building."
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
        reminders,
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
        if !self.reminders.is_empty() {
            section(&mut out, "Remember (not to say)", &self.reminders);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_read_inside_a_sentence() {
        assert_eq!(
            headline_in_sentence("Product analyst who turns data into decisions"),
            "product analyst who turns data into decisions"
        );
        assert_eq!(
            headline_in_sentence("Senior Engineer at Acme"),
            "Senior Engineer at Acme"
        );
        assert_eq!(headline_in_sentence("RN, ICU"), "RN, ICU");
    }

    #[test]
    fn posting_sentences_are_turned_to_the_company() {
        let posting = "Acme Tea Co.: Buyer (Leeds)\n\nAbout us\nAcme Tea Co. sells loose-leaf tea to 9,000 cafés. We run two warehouses in the US and our buyers travel twice a year.\n- Requirements here\n";
        let lines = posting_company_sentences(posting, "Acme Tea Co.");
        assert_eq!(
            lines,
            vec![
                "You sell loose-leaf tea to 9,000 cafés.",
                "You run two warehouses in the US and your buyers travel twice a year."
            ]
        );
    }

    #[test]
    fn a_posting_is_turned_whole_and_its_boilerplate_left_out() {
        let posting = "Tidewater Co: Buyer\n\nWe see ourselves as partners to the people we buy for, not gatekeepers.\nWe welcome applications from people of every background and will provide accommodations on request.\nTidewater Co runs 12 warehouses across three states and ships to 900 stores.";
        assert_eq!(
            posting_company_sentences(posting, "Tidewater Co"),
            vec![
                "You see yourselves as partners to the people you buy for, not gatekeepers.",
                "You run 12 warehouses across three states and ship to 900 stores."
            ]
        );
    }

    #[test]
    fn a_name_whose_lowercase_is_longer_does_not_break_the_turn() {
        let posting = "About us\nİzmir Kahve Evi roasts coffee for forty cafés in the region.\n";
        // No panic; the sentence is either turned or left out.
        let lines = posting_company_sentences(posting, "İzmir Kahve Evi");
        assert!(lines.len() <= 1, "{lines:?}");
    }

    #[test]
    fn sayable_cuts_at_a_clause_never_mid_phrase() {
        assert_eq!(
            sayable("Checkout recovered in 35 minutes, and our average time to recover fell from 90 to 25 minutes the next quarter.", 8).as_deref(),
            Some("Checkout recovered in 35 minutes.")
        );
        assert_eq!(
            sayable("One two three four five six seven eight nine ten", 5),
            None
        );
    }
}
