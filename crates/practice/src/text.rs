//! Small text helpers shared by the modules: word splitting, a light
//! suffix-stripping stemmer, content words and slugs.
//!
//! The stemmer is deliberately simple (a few English suffixes) and is always
//! applied to both sides of a comparison, so "mentoring", "mentored" and
//! "mentor" all meet at `mentor`.

use std::collections::BTreeSet;

/// Words that carry no topic on their own.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "been", "before", "being", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "either", "else", "ever", "every", "few", "for",
    "from", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
    "his", "how", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "it", "it's", "its",
    "just", "let", "like", "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not",
    "now", "of", "off", "on", "once", "one", "only", "or", "other", "our", "out", "over", "own",
    "really", "same", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
    "tell", "told", "ask", "asked", "asking", "talk", "talked", "said", "say", "think", "thing",
    "things", "way", "ways", "well", "lot", "lots", "kind", "sort", "don't", "didn't", "doesn't",
    "isn't", "wasn't", "won't", "can't", "there's", "that's", "what's", "who's", "they're",
    "we're", "you're", "you'd", "we'd", "they'd", "whether", "today", "yes", "ok", "okay",
];

/// Split into lowercase word tokens (letters, digits, apostrophes, inner hyphens
/// split into separate words).
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        let c = normalise_apostrophe(ch);
        if c.is_alphanumeric() || (c == '\'' && !cur.is_empty()) {
            for l in c.to_lowercase() {
                cur.push(l);
            }
        } else if !cur.is_empty() {
            push_word(&mut out, &mut cur);
        }
    }
    if !cur.is_empty() {
        push_word(&mut out, &mut cur);
    }
    out
}

fn push_word(out: &mut Vec<String>, cur: &mut String) {
    let w = cur.trim_end_matches('\'').to_string();
    cur.clear();
    if !w.is_empty() {
        out.push(w);
    }
}

/// Map typographic apostrophes to ASCII.
pub(crate) fn normalise_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        other => other,
    }
}

/// Is this word a stopword?
pub(crate) fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// A light English stemmer: strips possessives and common suffixes.
pub(crate) fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    if let Some(s) = w.strip_suffix("'s") {
        w = s.to_string();
    }
    w = w.trim_matches('\'').to_string();
    let n = w.chars().count();
    if n <= 3 || !w.is_ascii() {
        return w;
    }
    // (suffix, replacement); first match wins, stem must keep >= 3 letters.
    const RULES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("ization", "ize"),
        ("isation", "ize"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("fulness", "ful"),
        ("iveness", "ive"),
        ("ingly", ""),
        ("edly", ""),
        ("ments", ""),
        ("ment", ""),
        ("ness", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "y"),
        ("ied", "y"),
        ("ers", "er"),
        ("ed", ""),
        ("es", "e"),
        ("ly", ""),
        ("s", ""),
    ];
    for (suffix, rep) in RULES {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.len() + rep.len() < 3 {
                continue;
            }
            if *suffix == "s" && (base.ends_with('s') || base.ends_with('u') || base.ends_with('i'))
            {
                // "process", "status", "analysis": leave alone
                return w;
            }
            let mut out = format!("{base}{rep}");
            // "managed" -> "manag", "manage" -> "manag": drop a final e so both meet.
            if out.len() > 3 && out.ends_with('e') {
                out.pop();
            }
            // "planning" -> "plann" -> "plan"
            let b = out.as_bytes();
            if out.len() > 3
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
            {
                out.pop();
            }
            return out;
        }
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// The stems of the content words (non-stopwords, at least two characters).
pub(crate) fn content_stems(text: &str) -> BTreeSet<String> {
    words(text)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && !is_stopword(w))
        .map(|w| stem(&w))
        .filter(|s| !s.is_empty())
        .collect()
}

/// The stems of every word, stopwords included, in order.
pub(crate) fn all_stems(text: &str) -> Vec<String> {
    words(text).iter().map(|w| stem(w)).collect()
}

/// A lowercase ASCII slug: "Customer focus!" -> "customer-focus".
pub(crate) fn slug(text: &str, max_len: usize) -> String {
    let mut out = String::new();
    for w in words(text) {
        let clean: String = w.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if clean.is_empty() {
            continue;
        }
        let extra = if out.is_empty() {
            clean.len()
        } else {
            clean.len() + 1
        };
        if !out.is_empty() && out.len() + extra > max_len {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&clean);
    }
    if out.len() > max_len {
        out.truncate(max_len);
    }
    out
}

/// Normalise a tag or name: lowercase, spaces and hyphens become underscores.
pub(crate) fn normalise_tag(tag: &str) -> String {
    let mut out = String::new();
    for w in tag
        .trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == '/')
    {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(w);
    }
    out
}

/// Cut text to at most `max` characters on a char boundary, adding an ellipsis.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let t = text.trim();
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Compile a constant pattern. The patterns in this crate are fixed strings
/// covered by tests, so a failure here is a programming error.
pub(crate) fn regex(pattern: &str) -> regex::Regex {
    #[allow(clippy::expect_used)]
    regex::Regex::new(pattern).expect("constant regex compiles")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet() {
        assert_eq!(stem("mentoring"), stem("mentored"));
        assert_eq!(stem("mentor"), stem("mentors"));
        assert_eq!(stem("managed"), stem("manage"));
        assert_eq!(stem("planning"), stem("plan"));
        assert_eq!(stem("teams"), stem("team"));
        assert_eq!(stem("process"), "process");
        assert_eq!(stem("onboarding"), stem("onboard"));
    }

    #[test]
    fn words_split() {
        assert_eq!(
            words("I’m on-call, aren't I?"),
            vec!["i'm", "on", "call", "aren't", "i"]
        );
        assert_eq!(normalise_tag(" Customer  Focus "), "customer_focus");
        assert_eq!(normalise_tag("customer-focus"), "customer_focus");
        assert_eq!(
            slug("Rust & distributed systems!", 40),
            "rust-distributed-systems"
        );
    }
}
