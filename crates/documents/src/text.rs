//! Small text helpers shared by the documents: words, sentences, first names,
//! and condensing a note into a topic phrase made only of the note's own words
//! (plus pronouns turned to address the interviewer).

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

/// How a letter or a greeting addresses a person: the first name, or
/// title and surname for a titled name ("Dr. Lindqvist").
pub fn first_name(name: &str) -> String {
    round2_core::PersonName::parse(name).greeting()
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

/// The first sentence of `text`, cut at a clause boundary (";", ", and",
/// ", but", ", which", ", so") when it runs past `max` words, and whole when
/// no boundary makes it short enough: never an ellipsis, never cut mid-clause.
pub fn clause(text: &str, max: usize) -> String {
    let first = crate::prose::sentences(text)
        .into_iter()
        .next()
        .unwrap_or_default();
    let s = first.trim().trim_end_matches(['.', ';', ',']);
    if s.split_whitespace().count() <= max {
        return s.to_string();
    }
    let mut best: Option<usize> = None;
    for cut in [
        "; ",
        ", and ",
        ", but ",
        ", which ",
        ", so ",
        ", then ",
        " (",
        ", with ",
        ", including ",
    ] {
        for (i, _) in s.match_indices(cut) {
            let n = s[..i].split_whitespace().count();
            if (4..=max).contains(&n) && best.is_none_or(|b| i > b) {
                best = Some(i);
            }
        }
    }
    match best {
        Some(i) => s[..i].trim_end_matches(',').to_string(),
        None => s.to_string(),
    }
}

/// Whole sentences of `text` while they fit in `max` words (at least the
/// first, as [`clause`] gives it).
pub fn sentences_within(text: &str, max: usize) -> String {
    let all = crate::prose::sentences(text);
    let mut out: Vec<String> = Vec::new();
    let mut n = 0;
    for s in &all {
        let w = s.split_whitespace().count();
        if out.is_empty() && w > max {
            return format!("{}.", clause(s, max));
        }
        if n + w > max {
            break;
        }
        n += w;
        out.push(s.clone());
    }
    out.join(" ")
}

/// Words a phrase may gain from pronoun turning.
pub const PRONOUN_WORDS: &[&str] = &["you", "your", "you're", "you've", "you'd", "whether"];

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
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

/// A word and its trailing punctuation: "you," gives ("you", ",").
pub(crate) fn split_punct(w: &str) -> (&str, &str) {
    let end = w
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    (&w[..end], &w[end..])
}

/// A promised follow-up as what is being sent: "Send her the link to my
/// post" gives "the link to my post". The flag says whether it can go with
/// the note now: a follow-up that carries a note to self ("(check with
/// Meadowlark first)") is promised for later instead. `None` when the note
/// does not say it sends something one can name.
pub fn follow_up_object(text: &str, names: &[&str]) -> Option<(String, bool)> {
    let s = first_sentence(text).trim();
    let mut objects: Vec<String> = vec!["him".into(), "her".into(), "them".into()];
    for n in names {
        objects.push(n.to_string());
        // Every part of a name: a note may use any of them ("Houa" for "Pa Houa Vang").
        objects.extend(
            n.split_whitespace()
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string),
        );
    }
    objects.sort_by_key(|o| std::cmp::Reverse(o.len()));
    let mut what: Option<&str> = None;
    'verbs: for verb in ["send", "email", "forward", "share with", "get"] {
        for o in &objects {
            if let Some(r) = strip_prefix_ci(s, &format!("{verb} {o} ")) {
                what = Some(r);
                break 'verbs;
            }
        }
        // "Send the deck to Priya".
        if let Some(r) = strip_prefix_ci(s, &format!("{verb} ")) {
            for o in &objects {
                if let Some(x) = r.strip_suffix(&format!(" to {o}")) {
                    what = Some(x);
                    break 'verbs;
                }
            }
        }
    }
    let what = what?;
    let later = what.contains('(');
    let mut kept = String::new();
    let mut depth = 0usize;
    for c in what.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    let mut kept = kept.split_whitespace().collect::<Vec<_>>().join(" ");
    for tail in [
        " by monday",
        " by tuesday",
        " by wednesday",
        " by thursday",
        " by friday",
        " by the weekend",
        " by end of week",
        " tomorrow",
        " today",
        " this week",
        " asap",
        " first",
    ] {
        if kept.to_lowercase().ends_with(tail) {
            kept.truncate(kept.len() - tail.len());
        }
    }
    let kept = turn_pronouns(kept.trim().trim_end_matches(['.', ',', ';']));
    let n = kept.split_whitespace().count();
    if n == 0 || n > 18 {
        return None;
    }
    Some((kept, !later))
}
