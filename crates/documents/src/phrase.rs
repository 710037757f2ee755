//! From a candidate's shorthand note to a topic a letter can name.
//!
//! A note is jotted in the candidate's own voice: "She asked how I help
//! newer devs.", "Walked him through the rate limiter I wrote in Go: token
//! bucket per tenant.", "Odalys said they're moving up to Shopify Plus next
//! year, mostly for the checkout tweaks." A thank-you note speaks to the
//! interviewer: "your question about how I help newer devs", "walking you
//! through the rate limiter I wrote in Go", "hearing that you're moving up to
//! Shopify Plus next year". [`topic_of`] recognises the shape of the note's
//! first sentence (who did what: they asked, I walked them through, we talked
//! about, they said, I asked), keeps the part that names the topic, turns
//! the interviewer from "she"/"Priya" into "you", drops asides and notes to
//! self, and returns nothing when it is not confident: a note it cannot
//! read is left out rather than spliced in.
//!
//! Every word of a topic is the note's own, except "you"/"your" for the
//! interviewer and "whether" for "if"; the framing words ("our conversation
//! about", "hearing") are the template's.

use round2_core::{Note, NoteKind};

use crate::prose::{is_abbreviation, scars, Reader};

/// How a topic is framed, from what happened in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    /// We talked about it: "our conversation about X".
    Conversation,
    /// They asked me: "your question about X".
    TheirQuestion,
    /// I walked them through it: "the chance to walk you through X".
    Walked,
    /// They told me, or answered my question: "hearing X" (X starts with
    /// "that", "about" or a question word).
    Heard,
    /// They asked me to do something: "the chance to X".
    Chance,
    /// They gave me a case to work: "working through X".
    Worked,
    /// They showed me something: "seeing X".
    Shown,
}

/// A topic phrase and its framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub phrase: String,
    pub frame: Frame,
}

impl Topic {
    /// A topic the user wrote themselves: talked about, as written.
    pub fn own(phrase: &str) -> Topic {
        Topic {
            phrase: phrase.trim().trim_end_matches('.').to_string(),
            frame: Frame::Conversation,
        }
    }

    /// The topic as the object of "I especially enjoyed ___".
    pub fn framed(&self) -> String {
        let p = &self.phrase;
        match self.frame {
            Frame::Conversation => format!("our conversation about {p}"),
            Frame::TheirQuestion => format!("your question about {p}"),
            // Not "walking you through": after "appreciated" a parser
            // (and some readers) stumble on the gerund.
            Frame::Walked => format!("the chance to walk you through {p}"),
            Frame::Heard => format!("hearing {p}"),
            Frame::Chance => format!("the chance to {p}"),
            Frame::Worked => format!("working through {p}"),
            Frame::Shown => format!("seeing {p}"),
        }
    }

    /// The topic as a clause said to the same interviewer later: "you
    /// asked me how I help newer devs", "we talked about your NPS push".
    pub fn recalled(&self) -> String {
        let p = &self.phrase;
        match self.frame {
            Frame::Conversation => format!("we talked about {p}"),
            Frame::TheirQuestion if starts_with_question_word(p) => format!("you asked me {p}"),
            Frame::TheirQuestion => format!("you asked me about {p}"),
            Frame::Walked => format!("I walked you through {p}"),
            Frame::Heard => format!("you told me {p}"),
            Frame::Chance => format!("you asked me to {p}"),
            Frame::Worked => format!("we worked through {p}"),
            Frame::Shown => format!("you showed me {p}"),
        }
    }

    /// The topic as a noun phrase for a user's own template ("{topic}").
    pub fn plain(&self) -> String {
        let p = &self.phrase;
        match self.frame {
            Frame::Heard => p
                .strip_prefix("about ")
                .or_else(|| p.strip_prefix("that "))
                .unwrap_or(p)
                .to_string(),
            _ => p.clone(),
        }
    }
}

/// Words the framings add to the note's own words.
pub const FRAME_WORDS: &str = "our conversation about your question about walking walk you through hearing that whether the chance to working through seeing we talked about you asked me I walked you told me worked showed";

const QUESTION_WORDS: &[&str] = &[
    "how", "what", "why", "when", "where", "who", "which", "whether",
];

fn starts_with_question_word(p: &str) -> bool {
    p.split_whitespace()
        .next()
        .is_some_and(|w| QUESTION_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Asides dropped from a note before reading it.
const ASIDES: &[&str] = &[
    "lol",
    "ugh",
    "argh",
    "haha",
    "hmm",
    "honestly",
    "basically",
    "tbh",
    "btw",
];

/// Adverbs that may sit between a subject and its verb ("also asked").
const ADVERBS: &[&str] = &[
    "also",
    "then",
    "really",
    "briefly",
    "quickly",
    "first",
    "later",
    "finally",
    "basically",
    "actually",
    "even",
    "both",
    "specifically",
    "immediately",
];

/// Tails that say how long or how much, not what: dropped from a topic.
const TAILS: &[&str] = &[
    " for a while",
    " for a bit",
    " for ages",
    " at length",
    " in detail",
    " briefly",
    " a lot",
    " too",
    " as well",
    " for a few minutes",
    " for ten minutes",
    " for a good while",
];

/// Commentary after the topic: always cut.
const ASIDE_CUTS: &[&str] = &[
    ", so ",
    ", but ",
    ", which ",
    ", mostly ",
    ", mainly ",
    ", especially ",
    ", usually ",
    ", probably ",
    ", partly ",
    ", though",
    ", since ",
    ", because ",
    " - ",
];

/// A comma then a subject starts a clause of its own: "BIM, they model
/// everything in Revit" is about BIM.
const CLAUSE_CUTS: &[&str] = &[
    ", they ",
    ", they're ",
    ", he ",
    ", she ",
    ", we ",
    ", I ",
    ", it ",
    ", you ",
    ", you're ",
    ", he's ",
    ", she's ",
    ", it's ",
    ", that's ",
    ", there's ",
    ", I'm ",
    ", I'd ",
];

/// Where a long topic may be cut: before a second clause or an aside.
const CUTS: &[&str] = &[
    ", so ",
    ", and ",
    ", but ",
    ", which ",
    ", with ",
    ", mostly ",
    ", especially ",
    ", because ",
    ", though ",
    ", since ",
    " because ",
    " so ",
    " but ",
    " and ",
    ", ",
];

const MAX_WORDS: usize = 14;

/// Shorthand a note may use, and the words it stands for: connecting
/// words only, so a topic still holds nothing the note did not say.
const SHORTHAND: &[(&str, &str)] = &[
    ("w/o", "without"),
    ("w/", "with"),
    ("thru", "through"),
    ("b/c", "because"),
    ("&", "and"),
    ("re:", "about"),
    ("re", "about"),
    ("abt", "about"),
    ("qs", "questions"),
    ("q's", "questions"),
    ("convo", "conversation"),
    ("dept", "department"),
    ("depts", "departments"),
    ("mgmt", "management"),
    ("yrs", "years"),
    ("govt", "government"),
    ("ppl", "people"),
];

/// A word written out when it is shorthand ("w/" is "with"), with its
/// trailing punctuation kept; `re` only as "Q re …", where it cannot be a word.
fn written_out(word: &str, prev: Option<&str>) -> Option<String> {
    let lower = word.to_lowercase();
    let (core, punct) = match lower.as_str() {
        "re:" | "w/" | "w/o" | "b/c" | "&" => (lower.as_str(), ""),
        _ => crate::text::split_punct(&lower),
    };
    if core == "re" && !prev.is_some_and(|p| p.eq_ignore_ascii_case("q")) {
        return None;
    }
    let (_, full) = SHORTHAND.iter().find(|(s, _)| *s == core)?;
    Some(format!("{full}{punct}"))
}

/// Starts each sentence of a note with a capital, so that "asked me how I
/// handle it. told him: …" splits into its two sentences.
fn capitalise_sentences(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(' ') {
        let ends = out.last().is_some_and(|p: &String| {
            p.ends_with(['.', '!', '?'])
                && !is_abbreviation(p)
                && !matches!(p.as_str(), "vs." | "etc.")
        });
        let mut cs = w.chars();
        match cs.next() {
            Some(c) if ends && c.is_lowercase() => {
                out.push(c.to_uppercase().chain(cs).collect());
            }
            _ => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// The note's words with asides, brackets and quotes' curly forms tidied,
/// shorthand written out and arrows read as dashes (what follows is detail).
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let text = text
        .trim_start()
        .trim_start_matches(['-', '*', '•'])
        .replace(['’', '‘'], "'")
        .replace(" -> ", " - ")
        .replace(" => ", " - ")
        .replace(" → ", " - ")
        .replace(" -- ", " - ");
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let mut words: Vec<String> = Vec::new();
    for w in out.split_whitespace() {
        let l = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if ASIDES.contains(&l.as_str()) {
            continue;
        }
        // "&" between names is the name's own ("Lodge & Co").
        let named = w == "&"
            && words
                .last()
                .is_some_and(|p| p.chars().next().is_some_and(char::is_uppercase));
        match written_out(w, words.last().map(String::as_str)).filter(|_| !named) {
            Some(full) => words.push(full),
            None => words.push(w.to_string()),
        }
    }
    capitalise_sentences(
        &words
            .join(" ")
            .replace(" ,", ",")
            .replace(" .", ".")
            .replace(" :", ":"),
    )
}

/// A sentence up to a colon, semicolon or dash (what follows is detail).
fn head(sentence: &str) -> String {
    let mut h = sentence;
    for sep in [":", ";", " - ", " – ", " — "] {
        if let Some(i) = h.find(sep) {
            h = &h[..i];
        }
    }
    let h = h.trim();
    // "at 3 a.m." keeps the period of its abbreviation.
    let last = h.split_whitespace().last().unwrap_or("");
    if is_abbreviation(last) {
        return h.to_string();
    }
    h.trim_end_matches(['.', '!', '?']).trim().to_string()
}

/// A case-insensitive prefix match on whole words; the rest after it.
fn after<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let n = prefix.len();
    let head = text.get(..n)?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = text.get(n..)?;
    if prefix.ends_with(' ') || rest.is_empty() || rest.starts_with([' ', ',']) {
        Some(rest.trim_start())
    } else {
        None
    }
}

fn drop_adverbs(mut text: &str) -> &str {
    loop {
        let before = text;
        for a in ADVERBS {
            if let Some(r) = after(text, &format!("{a} ")) {
                text = r;
            }
        }
        if text == before {
            return text;
        }
    }
}

/// Who a note is about: the interviewer it is written to.
struct People<'a> {
    /// "he", "she", "they", the interviewer's first and full name.
    subjects: Vec<String>,
    /// "him", "her", "them", and the names.
    objects: Vec<String>,
    /// Every way a note may name them, the longest first.
    names: Vec<String>,
    others: Vec<&'a str>,
}

/// The ways a note may name someone: "Dr. Hannah Lindqvist", "Hannah
/// Lindqvist", "Dr. Lindqvist", "Hannah", and any part of three letters or
/// more ("Pa Houa Vang" may be "Houa"); never the title alone. Longest first.
fn name_forms(name: &str) -> Vec<String> {
    let parsed = round2_core::PersonName::parse(name);
    let untitled = match parsed.title {
        Some(t) => name.trim()[t.len()..].trim(),
        None => name.trim(),
    };
    let mut forms = vec![
        name.trim().to_string(),
        untitled.to_string(),
        parsed.greeting(),
        parsed.given.to_string(),
    ];
    forms.extend(
        untitled
            .split_whitespace()
            .skip(1)
            .filter(|w| w.chars().count() >= 3)
            .map(String::from),
    );
    forms.retain(|f| !f.is_empty());
    forms.sort_by_key(|s| std::cmp::Reverse(s.len()));
    forms.dedup();
    forms
}

impl<'a> People<'a> {
    fn new(addressee: &'a str, people: &[&'a str]) -> People<'a> {
        let names = name_forms(addressee);
        let mut subjects = names.clone();
        subjects.extend(
            [
                "he",
                "she",
                "they",
                "the interviewer",
                "interviewer",
                "the hiring manager",
                "hiring manager",
            ]
            .map(String::from),
        );
        let mut objects = names.clone();
        objects.extend(["him", "her", "them"].map(String::from));
        // The longest first, so "Priya Venkataraman" wins over "Priya".
        subjects.sort_by_key(|s| std::cmp::Reverse(s.len()));
        objects.sort_by_key(|s| std::cmp::Reverse(s.len()));
        People {
            subjects,
            objects,
            names,
            others: people.iter().copied().filter(|p| *p != addressee).collect(),
        }
    }

    /// The rest after "<subject> " when the sentence starts with the interviewer.
    fn subject<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.subjects
            .iter()
            .find_map(|s| after(text, &format!("{s} ")))
            .map(drop_adverbs)
    }

    /// The rest after "<name> and I " ("Marco and I compared monitors").
    fn and_i<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.subjects
            .iter()
            .find_map(|s| after(text, &format!("{s} and I ")))
    }

    /// The rest after "<subject> is " or "<subject>'s " ("she's big on").
    fn subject_is<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.subjects
            .iter()
            .filter(|s| !matches!(s.as_str(), "they"))
            .find_map(|s| {
                after(text, &format!("{s}'s ")).or_else(|| after(text, &format!("{s} is ")))
            })
            .or_else(|| after(text, "they're "))
            .or_else(|| after(text, "they are "))
            .map(drop_adverbs)
    }

    /// The rest after "<verb> <object> " ("walked him ", "told Priya ").
    fn verb_object<'t>(&self, text: &'t str, verb: &str) -> Option<&'t str> {
        self.objects
            .iter()
            .find_map(|o| after(text, &format!("{verb} {o} ")))
    }
}

/// Turns the interviewer into "you": their names, and third-person
/// pronouns where they open a clause or follow a preposition (so "PMs pull
/// their own funnels" keeps its "their").
fn to_second_person(text: &str, who: &People<'_>) -> String {
    let mut text = text.to_string();
    for name in &who.names {
        text = replace_word(&text, &format!("{name}'s"), "your");
        text = replace_word(&text, name, "you");
    }
    let words: Vec<&str> = text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .map(|p| words[p].to_lowercase())
            .unwrap_or_default();
        let opens = i == 0
            || QUESTION_WORDS.contains(&prev.as_str())
            || matches!(
                prev.as_str(),
                "that"
                    | "if"
                    | "of"
                    | "about"
                    | "on"
                    | "with"
                    | "for"
                    | "in"
                    | "at"
                    | "to"
                    | "from"
                    | "and"
                    | "where"
            );
        let (core, punct) = crate::text::split_punct(w);
        let lower = core.to_lowercase();
        let swapped = if opens {
            match lower.as_str() {
                "their" | "her" | "his" => Some("your"),
                "they're" | "she's" | "he's" => Some("you're"),
                "they've" => Some("you've"),
                "they'd" | "she'd" | "he'd" => Some("you'd"),
                "they" | "she" | "he" | "them" | "him" => Some("you"),
                _ => None,
            }
        } else {
            None
        };
        match swapped {
            Some(s) => out.push(format!("{s}{punct}")),
            None => out.push((*w).to_string()),
        }
    }
    // Verb agreement after a turned singular subject: "you is" would be wrong.
    out.join(" ")
        .replace("you is ", "you are ")
        .replace("you was ", "you were ")
        .replace("you has ", "you have ")
        .replace("you does ", "you do ")
}

fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let before_ok = rest[..i]
            .chars()
            .last()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = rest[i + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '\'');
        out.push_str(&rest[..i]);
        if before_ok && after_ok {
            out.push_str(with);
        } else {
            out.push_str(word);
        }
        rest = &rest[i + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Finite verbs that make a phrase a clause unless a subject or a
/// relative word comes before them.
const FINITE: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "does", "did", "do", "can", "will", "would",
    "should", "could", "may", "might", "must", "isn't", "aren't", "wasn't", "doesn't", "didn't",
];

const SUBJECT_OR_RELATIVE: &[&str] = &[
    "i", "i'd", "i'm", "i've", "we", "you", "they", "he", "she", "it", "that", "which", "who",
    "where", "when", "how", "what", "why", "whether", "there",
];

/// The words of `p`, lowercase, without the punctuation around them.
fn bare_words(p: &str) -> Vec<String> {
    p.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
        })
        .collect()
}

/// Whether the candidate speaks of themselves ("I", "my", "me").
fn says_me(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "i" | "i'd" | "i've" | "i'm" | "my" | "me"))
}

/// Whether `p` reads as something one talks about (a noun phrase, a
/// gerund, or a question-word clause), not a sentence of its own.
fn is_topic(p: &str) -> bool {
    let words = bare_words(p);
    let Some(first) = words.first() else {
        return false;
    };
    if matches!(
        first.as_str(),
        "i" | "i'd" | "i'm" | "i've" | "we" | "he" | "she" | "they" | "it" | "you" | "to" | "if"
    ) {
        return false;
    }
    let mut subject_seen = false;
    for w in &words {
        if SUBJECT_OR_RELATIVE.contains(&w.as_str()) {
            subject_seen = true;
        }
        if FINITE.contains(&w.as_str()) && !subject_seen {
            return false;
        }
    }
    true
}

/// Drops the tails that say how long or how much ("for ages", "too").
fn drop_tails(p: &mut String) {
    loop {
        let before = p.len();
        for t in TAILS {
            if p.to_lowercase().ends_with(t) {
                p.truncate(p.len() - t.len());
            }
        }
        if p.len() == before {
            return;
        }
    }
}

/// Cuts a topic that runs long at a clause boundary; `None` when no cut
/// leaves a phrase short enough (never an ellipsis).
fn shorten(p: &str, max: usize) -> Option<String> {
    let p = p.trim();
    let last = p.split_whitespace().last().unwrap_or("");
    let abbreviation = is_abbreviation(last);
    let mut p = if abbreviation {
        p.to_string()
    } else {
        p.trim_end_matches([',', '.', ';']).to_string()
    };
    drop_tails(&mut p);
    // An aside goes after two words; a clause after a comma even after one
    // ("BIM, they …").
    for (cuts, least) in [(ASIDE_CUTS, 2), (CLAUSE_CUTS, 1)] {
        for cut in cuts {
            if let Some(i) = p.find(cut) {
                if p[..i].split_whitespace().count() >= least {
                    p.truncate(i);
                }
            }
        }
    }
    if let Some(i) = comma_end(&p) {
        p.truncate(i);
    }
    // A cut may bare a tail ("ferries for ages, he's from Lewis").
    drop_tails(&mut p);
    if p.split_whitespace().count() <= max {
        return Some(p);
    }
    for cut in CUTS {
        // The last cut point that leaves a short enough phrase of at least three words.
        let mut best: Option<usize> = None;
        for (i, _) in p.match_indices(cut) {
            let n = p[..i].split_whitespace().count();
            if (3..=max).contains(&n) {
                best = Some(i);
            }
        }
        if let Some(i) = best {
            let kept = p[..i].trim_end_matches(',');
            // A list cut before its last item reads as cut off: keep its first item.
            if kept.contains(", ") {
                let first = &kept[..kept.find(", ").unwrap_or(kept.len())];
                if first.split_whitespace().count() >= 2 {
                    return Some(first.to_string());
                }
                continue;
            }
            return Some(kept.to_string());
        }
    }
    None
}

/// What an interviewer took to, after their name: "liked my answer on X".
const LIKED: &[&str] = &[
    "liked my answer on ",
    "liked my answer about ",
    "liked my take on ",
    "liked my idea for ",
    "liked my idea about ",
    "liked my point about ",
];

/// What an interviewer cares about, after "she's" or "Noor is".
const CARED_ABOUT: &[&str] = &[
    "big on ",
    "really big on ",
    "keen on ",
    "really keen on ",
    "passionate about ",
    "excited about ",
    "proud of ",
];

/// Verbs of the interviewer questioning the candidate, their subject named.
const QUESTIONED: &[&str] = &[
    "wanted to know ",
    "was curious about ",
    "wanted to hear about ",
    "was interested in ",
    "kept asking about ",
    "kept coming back to ",
    "pushed on ",
    "probed ",
    "drilled into ",
    "dug into ",
];

/// Verbs of being questioned: the interviewer's doing even when the note
/// leaves them out ("Grilled me on allergens").
const PROBED_ME: &[&str] = &[
    "grilled me on ",
    "grilled me about ",
    "quizzed me on ",
    "quizzed me about ",
    "pushed me on ",
    "pressed me on ",
    "drilled me on ",
    "tested me on ",
    "challenged me on ",
];

/// What `text` was questioned on, after the first of `verbs` it opens with.
fn probed<'v>(text: &str, mut verbs: impl Iterator<Item = &'v &'v str>) -> Option<(String, Frame)> {
    verbs.find_map(|verb| {
        let q = after(text, verb)?;
        Some((
            asked(q).unwrap_or_else(|| q.to_string()),
            Frame::TheirQuestion,
        ))
    })
}

/// Where a comma ends a topic: what follows is a clause or an aside, not
/// the next item of a list ("turnaround on day-one chemo, patients wait two
/// hours" is about turnaround; "menus, rotas and ordering" is a list).
fn comma_end(p: &str) -> Option<usize> {
    let i = p.find(", ")?;
    if p[..i].split_whitespace().count() < 2 {
        return None;
    }
    let tail = &p[i + 2..];
    let parts: Vec<&str> = p.split(", ").collect();
    let list = tail.starts_with("and ")
        || tail.starts_with("or ")
        || (parts.iter().all(|x| x.split_whitespace().count() <= 4)
            && [" and ", " or "].iter().any(|c| tail.contains(c)));
    (!list).then_some(i)
}

/// The shape of a note's first sentence, as a raw topic (before the
/// interviewer is turned into "you").
fn shape(head: &str, kind: NoteKind, who: &People<'_>) -> Option<(String, Frame)> {
    let h = drop_adverbs(head);
    // "I walked him through X", "Walked Priya through X".
    let mine = after(h, "I ").map(drop_adverbs).unwrap_or(h);
    for verb in ["walked", "took", "talked"] {
        if let Some(r) = who.verb_object(mine, verb) {
            if let Some(x) = after(r, "through ") {
                return Some((x.to_string(), Frame::Walked));
            }
        }
    }
    // "I talked through a window function": the candidate walked them through it.
    if let Some(x) = after(h, "I ")
        .map(drop_adverbs)
        .and_then(|r| after(r, "talked through "))
    {
        return Some((x.to_string(), Frame::Walked));
    }
    if let Some(x) = who.verb_object(mine, "showed") {
        return Some((x.to_string(), Frame::Walked));
    }
    for verb in ["presented ", "demoed "] {
        if let Some(x) = after(mine, verb) {
            return Some((x.to_string(), Frame::Walked));
        }
    }
    if let Some(r) = who.verb_object(mine, "told") {
        if let Some(x) = after(r, "about ") {
            return Some((x.to_string(), Frame::Conversation));
        }
        // "Told her how I trained two operators": I walked her through it.
        let first = r.split_whitespace().next().unwrap_or("").to_lowercase();
        if matches!(first.as_str(), "how" | "why") {
            return Some((r.to_string(), Frame::Walked));
        }
        return None;
    }
    // "We talked about X", and "Marco and I compared X" alike.
    let we = after(h, "we ")
        .or_else(|| who.and_i(h))
        .map(drop_adverbs)
        .unwrap_or(mine);
    for opener in [
        "talked about ",
        "chatted about ",
        "spoke about ",
        "talked through ",
        "discussed ",
        "covered ",
        "went over ",
        "went through ",
        "got into ",
        "dug into ",
        "compared notes on ",
        "compared ",
        "swapped stories about ",
        "swapped notes on ",
        "touched on ",
        "dove into ",
        "dived into ",
        "talked ",
    ] {
        if let Some(x) = after(we, opener) {
            return Some((x.to_string(), Frame::Conversation));
        }
    }
    for lead in [
        "a ", "a long ", "a good ", "a quick ", "long ", "good ", "quick ",
    ] {
        for noun in [
            "talk about ",
            "chat about ",
            "conversation about ",
            "discussion about ",
            "discussion of ",
            "discussion on ",
            "conversation on ",
            "chat on ",
        ] {
            if let Some(x) = after(h, &format!("{lead}{noun}")) {
                return Some((x.to_string(), Frame::Conversation));
            }
        }
    }
    for (noun, frame) in [
        ("lots of questions about ", Frame::TheirQuestion),
        ("a lot of questions about ", Frame::TheirQuestion),
        ("questions about ", Frame::TheirQuestion),
        ("a question about ", Frame::TheirQuestion),
        ("deep dive into ", Frame::Conversation),
        ("deep dive on ", Frame::Conversation),
        ("a deep dive into ", Frame::Conversation),
        ("a deep dive on ", Frame::Conversation),
        ("walkthrough of ", Frame::Walked),
        ("a walkthrough of ", Frame::Walked),
        ("most of the time went on ", Frame::Conversation),
        ("most of the time was on ", Frame::Conversation),
        ("most of the time was about ", Frame::Conversation),
        ("most of it was about ", Frame::Conversation),
        ("most of it was on ", Frame::Conversation),
        ("the bulk of it was about ", Frame::Conversation),
        ("the bulk of the time went on ", Frame::Conversation),
        ("a lot of the time went on ", Frame::Conversation),
    ] {
        if let Some(x) = after(h, noun) {
            return Some((x.to_string(), frame));
        }
    }
    // "Sounds like they're pitching for X": what I gathered from them.
    for lead in ["sounds like ", "seems like ", "sounds as if "] {
        if let Some(x) = after(h, lead) {
            let first = x.split_whitespace().next().unwrap_or("").to_lowercase();
            let clause = matches!(
                first.as_str(),
                "they" | "they're" | "they've" | "the" | "their" | "he" | "she" | "he's" | "she's"
            );
            return clause.then(|| (format!("that {x}"), Frame::Heard));
        }
    }
    // "Got asked about X", "Was asked how I ...": a question put to me.
    for lead in ["got asked ", "was asked ", "i was asked ", "i got asked "] {
        if let Some(q) = after(h, lead) {
            if let Some(x) = after(q, "to ") {
                return Some((x.to_string(), Frame::Chance));
            }
            return asked(q).map(|x| (x, Frame::TheirQuestion));
        }
    }
    // "Explained how I plan crew swaps": I walked them through it.
    if mine != h
        || !who
            .subjects
            .iter()
            .any(|n| after(h, &format!("{n} ")).is_some())
    {
        for verb in ["explained ", "described "] {
            if let Some(x) = after(mine, verb) {
                // Mine only when it says so: "how the rota works" may be theirs.
                let words = bare_words(x);
                let opens = matches!(
                    words.first().map(String::as_str),
                    Some("how" | "why" | "what" | "my")
                );
                if opens && says_me(&words) {
                    return Some((x.to_string(), Frame::Walked));
                }
            }
        }
    }
    if let Some(r) = after(mine, "spent ") {
        if let Some(i) = r.find(" on ") {
            if r[..i].split_whitespace().count() <= 5 {
                return Some((r[i + 4..].to_string(), Frame::Conversation));
            }
        }
    }
    // "Grilled me on X": only the interviewer grills the candidate.
    if let Some(found) = probed(h, PROBED_ME.iter()) {
        return Some(found);
    }
    // "Technical questions on X", "Tough Q about X": a word or two, then
    // the questions and what they were about.
    let words: Vec<&str> = h.split_whitespace().collect();
    for (i, w) in words.iter().enumerate().take(3) {
        let l = w.to_lowercase();
        if !matches!(l.as_str(), "questions" | "question" | "q") {
            continue;
        }
        let lead_ok = words[..i].iter().all(|x| {
            let x = x.to_lowercase();
            !SUBJECT_OR_RELATIVE.contains(&x.as_str()) && !FINITE.contains(&x.as_str())
        });
        let rest = words[i + 1..].join(" ");
        let about = after(&rest, "about ").or_else(|| after(&rest, "on "));
        if let (true, Some(x)) = (lead_ok, about) {
            if kind != NoteKind::Asked {
                return Some((x.to_string(), Frame::TheirQuestion));
            }
        }
    }
    // "Asked me about X": they asked, the subject left out.
    if let Some(r) = after(mine, "asked me ") {
        return asked(r).map(|x| (x, Frame::TheirQuestion));
    }
    // I asked: "Asked how on-call works", "I asked about the rental
    // program". Unless the note is a question asked of me, or asks about
    // me ("Asked how I'd prioritise"): then they asked it.
    if let Some(r) = after(mine, "asked ") {
        // "Asked Tasha about X": whom I asked is not the topic.
        let r = who.verb_object(mine, "asked").unwrap_or(r);
        let x = asked(r)?;
        let about_me = says_me(&bare_words(&x));
        if kind == NoteKind::Question || (about_me && kind != NoteKind::Asked) {
            return Some((x, Frame::TheirQuestion));
        }
        return Some(if starts_with_question_word(&x) {
            (x, Frame::Heard)
        } else {
            (format!("about {x}"), Frame::Heard)
        });
    }
    // "Harriet liked my answer on X" (a conversation she took to), "She's
    // big on X", "Noor is keen on X" (what they care about).
    let liked = who.subject(h).map(|r| (r, LIKED));
    let cares = who.subject_is(h).map(|r| (r, CARED_ABOUT));
    for (r, leads) in liked.into_iter().chain(cares) {
        if let Some(x) = leads.iter().find_map(|lead| after(r, lead)) {
            return Some((x.to_string(), Frame::Conversation));
        }
    }
    // They did something: the interviewer is the subject.
    let r = who.subject(h)?;
    // "He was curious whether I'd cancel": a question only when one follows.
    for verb in [
        "was curious ",
        "wondered ",
        "was wondering ",
        "wanted to hear ",
        "wanted to understand ",
    ] {
        if let Some(x) = after(r, verb).and_then(asked) {
            return Some((x, Frame::TheirQuestion));
        }
    }
    // "They want someone who can run the desk alone": what they need.
    for verb in [
        "want someone ",
        "wants someone ",
        "need someone ",
        "needs someone ",
        "are looking for ",
        "is looking for ",
    ] {
        if after(r, verb).is_some() {
            return Some((format!("that {h}"), Frame::Heard));
        }
    }
    if let Some(q) = after(r, "asked ") {
        if let Some(x) = after(q, "me to ") {
            return Some((x.to_string(), Frame::Chance));
        }
        return asked(q).map(|x| (x, Frame::TheirQuestion));
    }
    if let Some(found) = probed(r, QUESTIONED.iter().chain(PROBED_ME)) {
        return Some(found);
    }
    // "Theo showed me their dashboard: …", "Jonah demoed the new module".
    for verb in [
        "showed me ",
        "demoed ",
        "demoed me ",
        "gave me a tour of ",
        "gave me a demo of ",
    ] {
        if let Some(x) = after(r, verb) {
            if !x.contains(" and asked ") && is_topic(x) {
                return Some((x.to_string(), Frame::Shown));
            }
        }
    }
    // "shared the new screen and asked how I'd test it".
    for verb in [
        "shared ",
        "showed me ",
        "showed ",
        "pasted ",
        "pulled up ",
        "brought up ",
        "drew ",
        "described ",
        "sketched ",
    ] {
        if let Some(rest) = after(r, verb) {
            // Without a question after it, "described X" is told below.
            let Some(i) = rest.find(" and asked ") else {
                continue;
            };
            let object = &rest[..i];
            // A long object, or a question this cannot read: what they
            // brought up is the topic ("the SCADA upgrade you're planning").
            let q = asked(&rest[i + " and asked ".len()..]);
            let (Some(q), true) = (q, object.split_whitespace().count() <= 6) else {
                return is_topic(object).then(|| (object.to_string(), Frame::Conversation));
            };
            let with_it = replace_word(&q, "it", object);
            if with_it != q {
                return Some((with_it, Frame::TheirQuestion));
            }
            return Some((object.to_string(), Frame::TheirQuestion));
        }
    }
    for verb in ["gave me ", "handed me ", "threw me "] {
        if let Some(rest) = after(r, verb) {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let noun = match words.as_slice() {
                [det, noun] | [det, noun, ..]
                    if matches!(det.to_lowercase().as_str(), "a" | "an" | "the") =>
                {
                    noun
                }
                _ => return None,
            };
            let verb_word = verb.trim_end().trim_end_matches(" me");
            return Some((format!("the {noun} you {verb_word} me"), Frame::Worked));
        }
    }
    for verb in [
        "said that ",
        "said ",
        "mentioned that ",
        "mentioned ",
        "told me that ",
        "told me ",
        "explained that ",
        "noted that ",
        "noted ",
        "shared that ",
    ] {
        if let Some(x) = after(r, verb) {
            if starts_with_question_word(x) {
                return Some((x.to_string(), Frame::Heard));
            }
            if let Some(y) = after(x, "about ") {
                return Some((format!("about {y}"), Frame::Heard));
            }
            return Some((format!("that {x}"), Frame::Heard));
        }
    }
    for verb in [
        "vented about ",
        "complained about ",
        "raved about ",
        "went on about ",
        "opened up about ",
        "was candid about ",
        "was honest about ",
    ] {
        if let Some(x) = after(r, verb) {
            return Some((format!("about {x}"), Frame::Heard));
        }
    }
    for verb in [
        "explained ",
        "described ",
        "walked me through ",
        "talked about ",
        "talked me through ",
    ] {
        if let Some(x) = after(r, verb) {
            if starts_with_question_word(x) {
                return Some((x.to_string(), Frame::Heard));
            }
            return Some((format!("about {x}"), Frame::Heard));
        }
    }
    None
}

/// What follows "asked (me)": a question-word clause, "whether" for "if",
/// or what it was about.
fn asked(q: &str) -> Option<String> {
    let q = after(q, "me ").unwrap_or(q);
    // "asked for an example of X" is about X; "for a time I X" keeps "a time".
    if let Some(x) = after(q, "for ") {
        if after(x, "a time ").is_some() {
            return Some(x.to_string());
        }
        if let Some(y) = ["an example of ", "examples of ", "a story about "]
            .iter()
            .find_map(|lead| after(x, lead))
        {
            return Some(y.to_string());
        }
    }
    if let Some(x) = after(q, "about ") {
        return Some(x.to_string());
    }
    if let Some(x) = after(q, "if ") {
        return Some(format!("whether {x}"));
    }
    if starts_with_question_word(q) {
        let mut w = q.to_string();
        if let Some(first) = w.get(..1) {
            w = first.to_lowercase() + &w[1..];
        }
        return Some(w);
    }
    None
}

/// The topic a note names, when its shape is one round2 can read with
/// confidence: for a note to `addressee`, with `people` the names of every
/// interviewer.
pub fn topic_of(note: &Note, addressee: &str, people: &[&str]) -> Option<Topic> {
    if matches!(note.kind, NoteKind::Forgot | NoteKind::FollowUp) {
        return None;
    }
    if let Some(t) = note.topic.as_deref().filter(|t| !t.trim().is_empty()) {
        return Some(Topic::own(t));
    }
    if let (NoteKind::Story, Some(title)) = (note.kind, note.story.as_deref()) {
        let t = title.trim();
        let phrase = match after(t, "the ") {
            Some(rest) => format!("the {rest}"),
            None => t.to_string(),
        };
        if is_topic(&phrase) && phrase.split_whitespace().count() <= MAX_WORDS {
            return Some(Topic {
                phrase,
                frame: Frame::Conversation,
            });
        }
    }
    topics_of(note, addressee, people).into_iter().next()
}

/// Every topic a note names that round2 can read with confidence, from its
/// first two sentences ("Marcus asked about hiring. Walked him through
/// holiday 2025: ..." names hiring, then holiday 2025). A topic the user
/// wrote on the note is the only one.
pub fn topics_of(note: &Note, addressee: &str, people: &[&str]) -> Vec<Topic> {
    if matches!(note.kind, NoteKind::Forgot | NoteKind::FollowUp) {
        return Vec::new();
    }
    if note.topic.as_deref().is_some_and(|t| !t.trim().is_empty())
        || (note.kind == NoteKind::Story && note.story.is_some())
    {
        return topic_of(note, addressee, people).into_iter().collect();
    }
    let who = People::new(addressee, people);
    crate::prose::sentences(&tidy(&full_names(&note.text, addressee, people)))
        .iter()
        .take(2)
        .filter_map(|s| sentence_topic(s, note.kind, &who, addressee, people))
        .collect()
}

/// A note's short form of the interviewer's first name ("Stan" for
/// "Stanislav Novak") written out, when it is the start of their name and
/// of no other interviewer's.
fn full_names(text: &str, addressee: &str, people: &[&str]) -> String {
    let given = round2_core::PersonName::parse(addressee).given;
    let others: Vec<&str> = people
        .iter()
        .filter(|p| **p != addressee)
        .map(|p| round2_core::PersonName::parse(p).given)
        .collect();
    let short_of =
        |w: &str, name: &str| w.chars().count() >= 3 && name.len() > w.len() && name.starts_with(w);
    text.split(' ')
        .map(|tok| {
            let (core, punct) = crate::text::split_punct(tok);
            let capital = core.chars().next().is_some_and(char::is_uppercase);
            let others = others.iter().any(|o| short_of(core, o));
            if capital && short_of(core, given) && !others {
                format!("{given}{punct}")
            } else {
                tok.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that head a note's line but name no topic of a thank-you note:
/// the candidate, the interviewer, pay and arrangements.
const NOT_A_LEAD: &[&str] = &[
    "me",
    "i",
    "her",
    "him",
    "them",
    "us",
    "we",
    "she",
    "he",
    "they",
    "q",
    "a",
    "note",
    "notes",
    "todo",
    "next",
    "next steps",
    "salary",
    "pay",
    "comp",
    "compensation",
    "benefits",
    "pto",
    "vacation",
    "logistics",
    "timeline",
    "start date",
    "relocation",
    "follow-up",
    "follow up",
    "answer",
    "question",
    "my answer",
    "result",
    "verdict",
    "overall",
    "vibe",
    "vibes",
];

/// Leads that name an exercise of the interview, worked through together.
const WORKED: &[&str] = &[
    "role-play",
    "roleplay",
    "role play",
    "scenario",
    "case study",
    "case",
    "exercise",
    "whiteboard",
    "whiteboard exercise",
    "practical",
    "skills test",
    "mock call",
];

/// Last words of a lead that says what someone cares about ("Her main
/// concern: …", "Theo's big priority: …").
const CARES: &[&str] = &[
    "concern",
    "concerns",
    "worry",
    "priority",
    "priorities",
    "focus",
    "goal",
    "goals",
    "challenge",
    "problem",
    "headache",
];

/// A line that opens with a short lead and a colon: the interviewer's
/// name then what they said ("Dele: the department is moving to …"), or a
/// subject then its detail ("Staffing: they run 1:1 for …").
fn colon_lead(s: &str, kind: NoteKind, who: &People<'_>) -> Option<(String, Frame)> {
    let (lead, rest) = s.split_once(": ")?;
    let lead = lead.trim();
    let rest = rest.trim();
    if who.subjects.iter().any(|n| n == lead) && !matches!(lead, "he" | "she" | "they") {
        // What they said, when it reads as a clause of its own.
        let first = rest.split_whitespace().next()?.to_lowercase();
        let clause = matches!(
            first.as_str(),
            "the"
                | "their"
                | "his"
                | "her"
                | "they"
                | "they're"
                | "he"
                | "she"
                | "we"
                | "our"
                | "there"
                | "it"
                | "it's"
                | "everyone"
                | "most"
                | "every"
        );
        if !clause {
            return None;
        }
        return shape(&head(&format!("{lead} said {rest}")), kind, who);
    }
    if matches!(kind, NoteKind::Asked | NoteKind::Rapport) {
        return None;
    }
    let lower = lead.to_lowercase();
    // "Role-play: …", "Case study: …": something we worked through.
    if WORKED.contains(&lower.as_str()) {
        return Some((format!("the {lower}"), Frame::Worked));
    }
    // "Her main concern: pharmacy turnaround": what they care about.
    let mut lw = lower.split_whitespace();
    let owner = lw.next().is_some_and(|w| {
        matches!(w, "her" | "his" | "their")
            || w.strip_suffix("'s")
                .is_some_and(|n| who.names.iter().any(|x| x.eq_ignore_ascii_case(n)))
    });
    let last = lw.next_back().unwrap_or("");
    if owner && lower.split_whitespace().count() <= 4 {
        let frame = if CARES.contains(&last) {
            Frame::Conversation
        } else if matches!(last, "question" | "questions") {
            Frame::TheirQuestion
        } else {
            return None;
        };
        let topic = head(rest);
        return is_topic(&topic).then_some((topic, frame));
    }
    let words: Vec<&str> = lead.split_whitespace().collect();
    let plain = (1..=2).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
        && words
            .iter()
            .skip(1)
            .all(|w| w.chars().all(char::is_lowercase))
        && !NOT_A_LEAD.contains(&lower.as_str())
        && !who
            .subjects
            .iter()
            .any(|n| n.eq_ignore_ascii_case(words[0]))
        && !who
            .others
            .iter()
            .any(|o| o.split_whitespace().any(|x| x == words[0]));
    if !plain {
        return None;
    }
    // "Staffing" is a sentence's first word; "BIM" and "KS3" keep their capitals.
    let capitalised = !words[0].chars().skip(1).any(char::is_uppercase);
    let phrase = if capitalised { lower } else { lead.to_string() };
    Some((phrase, Frame::Conversation))
}

/// A question as the interviewer put it ("Q: How would you handle a
/// difficult client?") as a topic of theirs: "how I would handle a
/// difficult client". `None` for shapes this does not know.
fn question_topic(q: &str) -> Option<String> {
    let q = q.trim().trim_end_matches('?').trim();
    let words: Vec<&str> = q.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let me = |ws: &[&str]| -> String {
        ws.iter()
            .map(|w| {
                let (core, punct) = crate::text::split_punct(w);
                let t = match core.to_lowercase().as_str() {
                    "you" => "I".to_string(),
                    "your" => "my".to_string(),
                    "yourself" => "myself".to_string(),
                    "you've" => "I've".to_string(),
                    "you'd" => "I'd".to_string(),
                    "you're" => "I'm".to_string(),
                    _ => core.to_string(),
                };
                format!("{t}{punct}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let first = lower.first()?.as_str();
    // "How would you …?" as they asked it, or "How do I …?" written from
    // the candidate's side: either way, "how I would …".
    let subject = lower.get(2).map(String::as_str);
    if QUESTION_WORDS.contains(&first) && matches!(subject, Some("you" | "i")) {
        let aux = lower.get(1)?.as_str();
        let rest = if subject == Some("you") {
            me(&words[3..])
        } else {
            words[3..].join(" ")
        };
        return match aux {
            "would" | "will" | "could" | "can" | "should" | "might" => {
                Some(format!("{first} I {aux} {rest}"))
            }
            "have" if subject == Some("you") => Some(format!("{first} I {aux} {rest}")),
            "do" => Some(format!("{first} I {rest}")),
            _ => None,
        };
    }
    for lead in [
        "tell me about ",
        "walk me through ",
        "describe ",
        "talk me through ",
    ] {
        if let Some(x) = after(q, lead) {
            let ws: Vec<&str> = x.split_whitespace().collect();
            return Some(me(&ws));
        }
    }
    None
}

fn sentence_topic(
    sentence: &str,
    kind: NoteKind,
    who: &People<'_>,
    addressee: &str,
    people: &[&str],
) -> Option<Topic> {
    let s = sentence.trim();
    // "They asked: 'How would you …?'": their question in their words.
    let said = who
        .subjects
        .iter()
        .find_map(|n| {
            after(s, &format!("{n} asked: ")).or_else(|| after(s, &format!("{n} asked me: ")))
        })
        .map(|q| q.trim_matches(['\'', '"', '“', '”', '‘', '’']))
        .filter(|q| q.ends_with('?'));
    let quoted = ["Q: ", "Q - ", "Question: "]
        .iter()
        .find_map(|p| after(s, p))
        .or(said)
        .or_else(|| {
            // "How do I train a new starter? - buddy shifts": the question, then the answer.
            let asked = s.split(" - ").next().unwrap_or(s).trim();
            (kind == NoteKind::Question && asked.ends_with('?')).then_some(asked)
        });
    let (raw, frame) = match quoted {
        Some(q) => (question_topic(q)?, Frame::TheirQuestion),
        None => match colon_lead(s, kind, who) {
            Some(found) => found,
            None => shape(&head(s), kind, who)?,
        },
    };
    let turned = to_second_person(raw.trim(), who);
    let phrase = shorten(&turned, MAX_WORDS)?;
    let bare = phrase
        .strip_prefix("about ")
        .or_else(|| phrase.strip_prefix("that "))
        .unwrap_or(&phrase);
    // A topic is one phrase: a sentence's end inside it means two were run together.
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words
        .iter()
        .take(words.len().saturating_sub(1))
        .any(|w| w.ends_with(['.', '!', '?']) && !is_abbreviation(w))
    {
        return None;
    }
    let needs_noun = !matches!(frame, Frame::Chance) && !phrase.starts_with("that ");
    if bare.is_empty() || (needs_noun && !is_topic(bare)) {
        return None;
    }
    if who.others.iter().any(|o| {
        let first = round2_core::PersonName::parse(o).given;
        bare.split_whitespace().next() == Some(first)
    }) {
        return None;
    }
    let topic = Topic { phrase, frame };
    let test = crate::thank_you::end_sentence(&format!("I especially enjoyed {}", topic.framed()));
    let reader = Reader {
        addressee: Some(addressee),
        people,
        proper: None,
    };
    if !scars(&test, &reader).is_empty() {
        return None;
    }
    Some(topic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(kind: NoteKind, text: &str) -> Note {
        Note {
            id: 1,
            round: 1,
            kind,
            interviewer: Some("Noor Haddad".into()),
            story: None,
            topic: None,
            text: text.into(),
        }
    }

    fn framed(kind: NoteKind, text: &str) -> Option<String> {
        topic_of(
            &note(kind, text),
            "Noor Haddad",
            &["Noor Haddad", "Ola Berg"],
        )
        .map(|t| t.framed())
    }

    #[test]
    fn shapes_of_notes_become_topics() {
        use NoteKind::*;
        let cases = [
            (
                Question,
                "She asked how I plan a week of menus.",
                "your question about how I plan a week of menus",
            ),
            (
                Answer,
                "Noor asked if I've run a night shift. Told her yes, two years.",
                "your question about whether I've run a night shift",
            ),
            (
                Topic,
                "Walked her through the intake redesign: three forms down to one.",
                "the chance to walk you through the intake redesign",
            ),
            (
                Topic,
                "We talked about their volunteer program and how it's funded, mostly by grants.",
                "our conversation about your volunteer program and how it's funded",
            ),
            (
                Topic,
                "Noor said they're opening a second site in spring, so hiring is busy.",
                "hearing that you're opening a second site in spring",
            ),
            (
                Asked,
                "Asked how they schedule weekend cover. A rota, six weeks ahead.",
                "hearing how you schedule weekend cover",
            ),
            (
                Asked,
                "Asked about the mentoring scheme (ask Ola later).",
                "hearing about the mentoring scheme",
            ),
            (
                Question,
                "She gave me a case: a tenant with two years of arrears.",
                "working through the case you gave me",
            ),
            (
                Question,
                "Noor shared the new rota template and asked how I'd improve it.",
                "your question about how I'd improve the new rota template",
            ),
            (
                Topic,
                "Talked budgets and forecasting for a while.",
                "our conversation about budgets and forecasting",
            ),
            (
                Topic,
                "Spent ten minutes on how I'd onboard new volunteers lol.",
                "our conversation about how I'd onboard new volunteers",
            ),
            (
                Question,
                "Noor asked me to walk through a full grant application.",
                "the chance to walk through a full grant application",
            ),
            (
                Question,
                "Q: How would you handle a family that stops answering calls?",
                "your question about how I would handle a family that stops answering calls",
            ),
            (
                Question,
                "Tell me about a time you disagreed with your supervisor?",
                "your question about a time I disagreed with my supervisor",
            ),
            (
                Question,
                "Asked how I'd prioritise three urgent referrals.",
                "your question about how I'd prioritise three urgent referrals",
            ),
            (
                Topic,
                "The interviewer wanted to know whether I've led a team audit.",
                "your question about whether I've led a team audit",
            ),
            (
                Answer,
                "Showed her my portfolio of menu costings: three seasons.",
                "the chance to walk you through my portfolio of menu costings",
            ),
            (
                Topic,
                "Lots of questions about cold-chain handling at the depot.",
                "your question about cold-chain handling at the depot",
            ),
            (
                Topic,
                "Noor and I compared rota apps; they use the same one I trained on.",
                "our conversation about rota apps",
            ),
            (
                Asked,
                "Asked Noor how the pass works on Fridays. 'Loud,' she said.",
                "hearing how the pass works on Fridays",
            ),
            (
                Question,
                "Role-play: Noor played a supplier who missed a delivery. Kept it calm.",
                "working through the role-play",
            ),
            (
                Topic,
                "Her main concern: ticket times on Saturdays, the pass backs up by 8.",
                "our conversation about ticket times on Saturdays",
            ),
            (
                Topic,
                "Noor showed me their new ordering screen: it flags allergens.",
                "seeing your new ordering screen",
            ),
            (
                Topic,
                "We talked about menus, rotas and ordering.",
                "our conversation about menus, rotas and ordering",
            ),
            (
                Question,
                "Got asked about the worst service I've run. Told the Boxing Day story.",
                "your question about the worst service I've run",
            ),
            (
                Topic,
                "Long discussion of their supplier rules - local first.",
                "our conversation about your supplier rules",
            ),
            (
                Answer,
                "Explained how I plan a tasting menu around what the market has.",
                "the chance to walk you through how I plan a tasting menu around what the market has",
            ),
            (
                Question,
                "Noor was curious whether I'd take a sous role first.",
                "your question about whether I'd take a sous role first",
            ),
            (
                Question,
                "She asked for an example of a dish I got wrong.",
                "your question about a dish I got wrong",
            ),
            (
                Topic,
                "Sounds like they're opening a second site in spring.",
                "hearing that you're opening a second site in spring",
            ),
            (
                Topic,
                "Most of the time went on how they run the pass.",
                "our conversation about how you run the pass",
            ),
            (
                Topic,
                "They want someone who can run the kitchen alone on Sundays.",
                "hearing that you want someone who can run the kitchen alone on Sundays",
            ),
            (
                Rapport,
                "Talked about sea swimming for ages, she's from Tenby.",
                "our conversation about sea swimming",
            ),
            (
                Answer,
                "Told Noor how I trained two new cooks on the grill.",
                "the chance to walk you through how I trained two new cooks on the grill",
            ),
            (
                Topic,
                "She brought up the kitchen refit they're planning next year and asked if I'd used induction.",
                "our conversation about the kitchen refit they're planning next year",
            ),
            (
                Topic,
                "Noor described the rota: four on, three off.",
                "hearing about the rota",
            ),

            (
                Question,
                "She wanted to hear how I'd handle a walk-out mid-service.",
                "your question about how I'd handle a walk-out mid-service",
            ),
            (
                Question,
                "they asked: 'How would you plan a menu for a wedding of 200?'",
                "your question about how I would plan a menu for a wedding of 200",
            ),
            (
                Topic,
                "- noor liked my answer on supplier exclusives, wants more of them",
                "our conversation about supplier exclusives",
            ),
            (
                Answer,
                "went thru my menu at Rook & Co - sold out every night",
                "our conversation about my menu at Rook & Co",
            ),
            // Shorthand: "Q re:", "w/", "thru", "Qs", arrows, a lowercase
            // second sentence, "Name: what they said", "Topic: detail".
            (
                Question,
                "Q re: a time I handled a no-show w/ a full book. Told the Tuesday story.",
                "your question about a time I handled a no-show with a full book",
            ),
            (
                Answer,
                "Grilled me on allergen labelling (Natasha's law). I think I did ok",
                "your question about allergen labelling",
            ),
            (
                Question,
                "tough Qs on stock rotation - fine",
                "your question about stock rotation",
            ),
            (
                Answer,
                "asked me how I cost a menu. told her: recipe cards, then weekly checks",
                "your question about how I cost a menu",
            ),
            (
                Question,
                "How do I train a new commis? -> buddy shifts and a checklist",
                "your question about how I train a new commis",
            ),
            (
                Topic,
                "Noor: the dept is moving to a central kitchen next year, wants chefs who'll write specs",
                "hearing that the department is moving to a central kitchen next year",
            ),
            (
                Topic,
                "Rota: they run four on, three off, self-rostering.",
                "our conversation about rota",
            ),
            (
                Topic,
                "we talked about HACCP, they audit every site twice a year",
                "our conversation about HACCP",
            ),
            (
                Topic,
                "she's big on seasonal menus -> fits my market work",
                "our conversation about seasonal menus",
            ),
            (
                Topic,
                "Noor vented about how long deliveries take: 'three days for eggs.'",
                "hearing about how long deliveries take",
            ),
            (
                Answer,
                "talked thru my last kitchen refit - six weeks, no closure",
                "our conversation about my last kitchen refit",
            ),
        ];
        for (kind, text, want) in cases {
            assert_eq!(framed(kind, text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn a_titled_interviewer_is_named_by_surname_and_never_by_title_alone() {
        let people = ["Dr. Noor Haddad", "Dr. Ola Berg"];
        let topic = |text: &str| {
            topic_of(&note(NoteKind::Question, text), "Dr. Noor Haddad", &people)
                .map(|t| t.framed())
        };
        assert_eq!(
            topic("Dr. Haddad asked how I calm a nervous cat.").as_deref(),
            Some("your question about how I calm a nervous cat")
        );
        assert_eq!(
            topic("Noor asked about Dr. Haddad's clinic hours.").as_deref(),
            Some("your question about your clinic hours")
        );
        assert_eq!(topic("Dr. Berg asked how I calm a nervous cat."), None);
    }

    #[test]
    fn a_short_first_name_is_the_interviewer_unless_another_shares_it() {
        let topic = |text: &str, people: &[&str]| {
            topic_of(&note(NoteKind::Question, text), "Stanislav Novak", people).map(|t| t.framed())
        };
        assert_eq!(
            topic(
                "Stan asked how I'd run a night shift.",
                &["Stanislav Novak"]
            )
            .as_deref(),
            Some("your question about how I'd run a night shift")
        );
        assert_eq!(
            topic(
                "Stan asked how I'd run a night shift.",
                &["Stanislav Novak", "Stanley Ode"]
            ),
            None
        );
    }

    #[test]
    fn a_number_ending_a_topic_keeps_one_period() {
        assert_eq!(
            framed(
                NoteKind::Question,
                "She asked what I'd do with a fridge at 9.5. Said bin it and log it."
            )
            .as_deref(),
            Some("your question about what I'd do with a fridge at 9.5")
        );
        assert!(is_abbreviation("a.m."));
        assert!(!is_abbreviation("9.5."));
    }

    #[test]
    fn notes_round2_cannot_read_are_left_out() {
        use NoteKind::*;
        for (kind, text) in [
            (Answer, "Told Noor weekends are fine."),
            (Topic, "Ola said the budget is tight."),
            (Rapport, "We both grew up by the sea."),
            (Answer, "I run the front desk on Saturdays."),
            (Forgot, "Forgot to mention the audit."),
            (Topic, "Nights and weekends are fine."),
            // A lead and a colon that name no topic, or a remark that is no clause.
            (Topic, "Salary: 40-45k, reviewed every April."),
            (Topic, "Me: what's the team like? Her: small and close."),
            (Topic, "Noor: biggest job is the new site, 40 covers."),
            (Topic, "Ola: the budget is tight."),
            // Who explained it is not said, and it is not about me.
            (Topic, "Explained how the rota works in summer."),
        ] {
            assert_eq!(framed(kind, text), None, "{text}");
        }
    }

    #[test]
    fn the_interviewer_becomes_you_only_where_they_are_meant() {
        assert_eq!(
            framed(
                NoteKind::Topic,
                "Noor said nurses here chart their own notes in Epic."
            )
            .as_deref(),
            Some("hearing that nurses here chart their own notes in Epic")
        );
        assert_eq!(
            framed(
                NoteKind::Topic,
                "Noor said Noor's team owns the dbt project."
            )
            .as_deref(),
            Some("hearing that your team owns the dbt project")
        );
    }

    #[test]
    fn recalled_topics_read_as_speech() {
        let t = topic_of(
            &note(NoteKind::Question, "She asked how I plan a week of menus."),
            "Noor Haddad",
            &[],
        )
        .expect("topic");
        assert_eq!(t.recalled(), "you asked me how I plan a week of menus");
    }
}
