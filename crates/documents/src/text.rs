//! Small text helpers shared by the documents: words, sentences, first names,
//! and condensing a note into a topic phrase made only of the note's own words
//! (plus pronouns turned to address the interviewer).

use round2_core::{Note, NoteKind};

/// Lower-case words: letters, digits and inner apostrophes, `$` and `%`.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '$' || c == '%'))
        .map(|w| {
            w.trim_matches(|c| c == '\'' || c == '’')
                .replace('’', "'")
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The number of words, as a reader counts them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A person's first name.
pub fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// The first sentence (up to `.`, `!` or `?` followed by a space or the end).
pub fn first_sentence(text: &str) -> &str {
    let t = text.trim();
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    for (i, (pos, c)) in bytes.iter().enumerate() {
        if matches!(c, '.' | '!' | '?') {
            let next = bytes.get(i + 1).map(|(_, c)| *c);
            if next.is_none_or(char::is_whitespace) {
                return &t[..*pos];
            }
        }
    }
    t.trim_end_matches(['.', '!', '?'])
}

/// At most `max` words of `text`, cut at a comma when one is near the end,
/// without a dangling connecting word; adds "…" when cut.
pub fn condense(text: &str, max: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= max {
        return all.join(" ");
    }
    let mut kept: Vec<&str> = all[..max].to_vec();
    if let Some(pos) = kept.iter().rposition(|w| w.ends_with(',')) {
        if pos + 1 >= max / 2 {
            kept.truncate(pos + 1);
        }
    }
    while let Some(last) = kept.last() {
        let l = last.trim_end_matches(',').to_lowercase();
        if kept.len() > 1 && DANGLING.contains(&l.as_str()) || last.ends_with(',') {
            if last.ends_with(',') && !DANGLING.contains(&l.as_str()) {
                let s = last.trim_end_matches(',');
                let n = kept.len();
                kept[n - 1] = s;
                break;
            }
            kept.pop();
        } else {
            break;
        }
    }
    format!("{}…", kept.join(" "))
}

const DANGLING: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "with", "for", "in", "on", "at", "by", "my", "our",
    "your", "their", "then", "but", "so", "as", "from", "i",
];

/// How a note's topic is framed when thanking the interviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Something we discussed: "our conversation about X".
    Conversation,
    /// A question the interviewer asked me: "your question about X".
    TheirQuestion,
    /// A question I asked: "what you told me about X".
    MyQuestion,
    /// Something the interviewer said: "how X".
    TheySaid,
}

/// A note condensed into a short topic phrase built from its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicPhrase {
    pub phrase: String,
    pub framing: Framing,
}

impl TopicPhrase {
    /// The phrase inside its framing, ready to follow "I especially enjoyed".
    pub fn framed(&self) -> String {
        match self.framing {
            Framing::Conversation => format!("our conversation about {}", self.phrase),
            Framing::TheirQuestion => format!("your question about {}", self.phrase),
            Framing::MyQuestion => format!("what you told me about {}", self.phrase),
            Framing::TheySaid => format!("hearing how {}", self.phrase),
        }
    }
}

/// Words a topic phrase may gain from pronoun turning and framing.
pub const PRONOUN_WORDS: &[&str] = &["you", "your", "you're", "you've", "whether", "how"];

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Condenses a note into a topic phrase, using only the note's words:
/// narrative openers ("Walked him through", "She asked") are dropped and
/// third-person references to the interviewer become "you"/"your".
pub fn topic_phrase(note: &Note, names: &[&str]) -> Option<TopicPhrase> {
    // A story note is about the story told: its title is the user's own
    // name for it, and reads better than "Told the ... story when ...".
    if let (NoteKind::Story, Some(title)) = (note.kind, note.story.as_deref()) {
        let title = title.trim();
        let phrase = match strip_prefix_ci(title, "the ") {
            Some(rest) => format!("the {rest}"),
            None => title.to_string(),
        };
        if !phrase.is_empty() {
            return Some(TopicPhrase {
                phrase,
                framing: Framing::Conversation,
            });
        }
    }
    let sentence = first_sentence(&note.text);
    let (head, tail) = match sentence.find([':', ';']) {
        Some(i) => (&sentence[..i], Some(sentence[i + 1..].trim())),
        None => (sentence, None),
    };
    let mut subjects: Vec<String> = vec!["he".into(), "she".into(), "they".into(), "we".into()];
    let mut objects: Vec<String> = vec!["him".into(), "her".into(), "them".into()];
    for n in names {
        subjects.push(n.to_string());
        subjects.push(first_name(n).to_string());
        objects.push(n.to_string());
        objects.push(first_name(n).to_string());
    }
    let mut framing = match note.kind {
        NoteKind::Question => Framing::TheirQuestion,
        NoteKind::Asked => Framing::MyQuestion,
        _ => Framing::Conversation,
    };
    let mut rest = head.trim();
    for _ in 0..2 {
        let before = rest;
        for o in &objects {
            for p in [
                format!("walked {o} through "),
                format!("told {o} about "),
                format!("told {o} "),
                format!("showed {o} "),
            ] {
                if let Some(r) = strip_prefix_ci(rest, &p) {
                    rest = r;
                }
            }
        }
        for p in [
            "we talked about ",
            "talked about ",
            "we discussed ",
            "discussed ",
            "a long talk about ",
            "long talk about ",
            "long chat about ",
            "good chat about ",
            "chatted about ",
        ] {
            if let Some(r) = strip_prefix_ci(rest, p) {
                rest = r;
            }
        }
        if let Some(r) = strip_prefix_ci(rest, "spent ") {
            if let Some(i) = r.find(" on ") {
                if r[..i].split_whitespace().count() <= 5 {
                    rest = &r[i + 4..];
                }
            }
        }
        for s in &subjects {
            for (p, f) in [
                (format!("{s} asked me about "), Framing::TheirQuestion),
                (format!("{s} asked about "), Framing::TheirQuestion),
                (format!("{s} asked me "), Framing::TheirQuestion),
                (format!("{s} asked "), Framing::TheirQuestion),
                (format!("{s} pasted "), framing),
                (format!("{s} said "), Framing::TheySaid),
                (format!("{s} mentioned "), Framing::TheySaid),
                (format!("{s} explained "), Framing::TheySaid),
                (format!("{s} described "), Framing::Conversation),
                (format!("{s} talked about "), Framing::Conversation),
                (format!("{s} walked me through "), Framing::Conversation),
            ] {
                if let Some(r) = strip_prefix_ci(rest, &p) {
                    rest = r;
                    framing = f;
                }
            }
        }
        for p in ["asked about ", "asked "] {
            if let Some(r) = strip_prefix_ci(rest, p) {
                rest = r;
                framing = Framing::MyQuestion;
            }
        }
        if rest == before {
            break;
        }
    }
    let mut phrase = rest.trim().to_string();
    for cut in [" and asked ", " and said ", ", and asked "] {
        if let Some(i) = phrase.find(cut) {
            phrase.truncate(i);
        }
    }
    if let Some(r) = strip_prefix_ci(&phrase, "if ") {
        phrase = format!("whether {r}");
    }
    let mut phrase = turn_pronouns(&phrase);
    if phrase.split_whitespace().count() < 4 {
        if let Some(t) = tail.filter(|t| !t.is_empty()) {
            phrase = format!(
                "{phrase} ({})",
                condense(&turn_pronouns(t), 10).trim_end_matches('…')
            );
        }
    }
    let phrase = condense(&phrase, 16);
    if phrase.split_whitespace().count() == 0 {
        return None;
    }
    Some(TopicPhrase { phrase, framing })
}

/// Third-person references to the interviewer or their company become second person.
pub fn turn_pronouns(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let lower = w.to_lowercase().replace('’', "'");
            let (core, punct) = split_punct(&lower);
            let swapped = match core {
                "their" | "her" | "his" => Some("your"),
                "they're" | "she's" | "he's" => Some("you're"),
                "they" | "she" | "he" | "him" | "them" => Some("you"),
                "they've" => Some("you've"),
                _ => None,
            };
            match swapped {
                Some(s) => format!("{s}{punct}"),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_punct(w: &str) -> (&str, &str) {
    let end = w
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (&w[..end], &w[end..])
}

/// A promised follow-up condensed into what is being sent: "Send her the
/// link to my post" becomes "the link to my post". `None` when the note does
/// not say it sends something.
pub fn follow_up_object(text: &str, names: &[&str]) -> Option<String> {
    let s = first_sentence(text).trim();
    let mut objects: Vec<String> = vec!["him".into(), "her".into(), "them".into()];
    for n in names {
        objects.push(n.to_string());
        objects.push(first_name(n).to_string());
    }
    for verb in ["send", "email", "forward", "share with"] {
        for o in &objects {
            if let Some(r) = strip_prefix_ci(s, &format!("{verb} {o} ")) {
                return Some(condense(&turn_pronouns(r), 18));
            }
        }
    }
    None
}
