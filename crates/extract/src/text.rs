//! Text utilities shared by the posting analyser, the tagger and matchers:
//! a byte-offset tokenizer, a light English stemmer and a stopword list.

use serde::{Deserialize, Serialize};

/// A token with its byte span in the original text (`end` exclusive).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Token {
    /// The token text, exactly `&text[start..end]`.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// A borrowed token span: byte offsets only. Used on hot paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '.' | '-' | '/' | '\'' | '\u{2019}' | '&' | '_' | '@' | '\u{2010}' | '\u{2011}'
    )
}

/// Tokenize into byte spans. Whitespace separates tokens; word runs keep
/// internal joiners (`Node.js`, `CI/CD`, `e-commerce`, `don't`, `R&D`),
/// `+`/`#` right after a word stay attached (`C++`, `C#`, `10k+`), and a
/// leading dot before a letter is kept (`.NET`). Every other non-space
/// character is a token of its own.
pub(crate) fn token_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    token_spans_into(text, &mut out);
    out
}

pub(crate) fn token_spans_into(text: &str, out: &mut Vec<Span>) {
    let mut word_start: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        let in_word = word_start.is_some();
        let attach = if is_word_char(c) {
            true
        } else if in_word && is_joiner(c) {
            prev.is_some_and(is_word_char) && next.is_some_and(is_word_char)
        } else if in_word && (c == '+' || c == '#') {
            prev.is_some_and(|p| is_word_char(p) || p == '+') && !next.is_some_and(is_word_char)
        } else if c == ',' && in_word {
            // thousands separator: 1,000
            prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
        } else {
            !in_word
                && c == '.'
                && next.is_some_and(|n| n.is_alphabetic())
                && !prev.is_some_and(is_word_char)
        };
        if attach {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(s) = word_start.take() {
                out.push(Span { start: s, end: i });
            }
            if !c.is_whitespace() {
                out.push(Span {
                    start: i,
                    end: i + c.len_utf8(),
                });
            }
        }
        prev = Some(c);
    }
    if let Some(s) = word_start {
        out.push(Span {
            start: s,
            end: text.len(),
        });
    }
}

/// Tokenize `text` into tokens with byte spans (see the module docs).
///
/// ```
/// let t = round2_extract::tokenize("Node.js, C++ (k8s).");
/// let words: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
/// assert_eq!(words, ["Node.js", ",", "C++", "(", "k8s", ")", "."]);
/// ```
pub fn tokenize(text: &str) -> Vec<Token> {
    token_spans(text)
        .into_iter()
        .map(|s| Token {
            text: text[s.start..s.end].to_string(),
            start: s.start,
            end: s.end,
        })
        .collect()
}

/// English stopwords (lower case), sorted for binary search.
pub const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Whether `word` (any case) is a stopword.
pub fn is_stopword(word: &str) -> bool {
    let lower = word.to_lowercase();
    STOPWORDS.binary_search(&lower.as_str()).is_ok()
}

fn is_vowel(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0 && !is_vowel(b, i - 1),
        _ => false,
    }
}

fn has_vowel(b: &[u8]) -> bool {
    (0..b.len()).any(|i| is_vowel(b, i))
}

/// Porter "measure": number of vowel-consonant sequences.
fn measure(b: &[u8]) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < b.len() && !is_vowel(b, i) {
        i += 1;
    }
    while i < b.len() {
        while i < b.len() && is_vowel(b, i) {
            i += 1;
        }
        if i < b.len() {
            m += 1;
        }
        while i < b.len() && !is_vowel(b, i) {
            i += 1;
        }
    }
    m
}

fn ends_cvc(b: &[u8]) -> bool {
    let n = b.len();
    n >= 3
        && !is_vowel(b, n - 3)
        && is_vowel(b, n - 2)
        && !is_vowel(b, n - 1)
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
}

/// A light Porter-style English stemmer (steps 1a-1c plus the common
/// derivational suffixes of step 2/3). Lower-cases its input; words with
/// non-ASCII letters are only lower-cased.
///
/// ```
/// use round2_extract::stem;
/// assert_eq!(stem("Managing"), "manag");
/// assert_eq!(stem("managed"), stem("manage"));
/// assert_eq!(stem("databases"), stem("database"));
/// ```
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.len() <= 3 || !lower.bytes().all(|b| b.is_ascii_lowercase()) {
        return lower;
    }
    let mut w: Vec<u8> = lower.into_bytes();
    // Step 1a
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") && !w.ends_with(b"us") && !w.ends_with(b"is")
    {
        w.pop();
    }
    // Step 1b
    let mut step1b_extra = false;
    if w.ends_with(b"eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
    } else {
        for suf in [&b"ing"[..], &b"ed"[..]] {
            if w.ends_with(suf) && has_vowel(&w[..w.len() - suf.len()]) {
                w.truncate(w.len() - suf.len());
                step1b_extra = true;
                break;
            }
        }
    }
    if step1b_extra {
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if w.len() >= 2
            && w[w.len() - 1] == w[w.len() - 2]
            && !is_vowel(&w, w.len() - 1)
            && !matches!(w[w.len() - 1], b'l' | b's' | b'z')
        {
            w.pop();
        } else if measure(&w) == 1 && ends_cvc(&w) {
            w.push(b'e');
        }
    }
    // Step 1c
    if w.ends_with(b"y") && w.len() > 2 && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Step 2/3 (subset)
    const RULES: &[(&[u8], &[u8])] = &[
        (b"ational", b"ate"),
        (b"tional", b"tion"),
        (b"ization", b"ize"),
        (b"isation", b"ize"),
        (b"ation", b"ate"),
        (b"iveness", b"ive"),
        (b"fulness", b"ful"),
        (b"ousness", b"ous"),
        (b"aliti", b"al"),
        (b"iviti", b"ive"),
        (b"biliti", b"ble"),
        (b"alli", b"al"),
        (b"entli", b"ent"),
        (b"ousli", b"ous"),
    ];
    const RULES3: &[(&[u8], &[u8])] = &[
        (b"icate", b"ic"),
        (b"ical", b"ic"),
        (b"ness", b""),
        (b"ful", b""),
    ];
    for rules in [RULES, RULES3] {
        for (suf, rep) in rules {
            if w.ends_with(suf) && measure(&w[..w.len() - suf.len()]) > 0 {
                w.truncate(w.len() - suf.len());
                w.extend_from_slice(rep);
                break;
            }
        }
    }
    // Step 5a: final e
    if w.ends_with(b"e") {
        let m = measure(&w[..w.len() - 1]);
        if m > 1 || (m == 1 && !ends_cvc(&w[..w.len() - 1])) {
            w.pop();
        }
    }
    String::from_utf8(w).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokenizer_keeps_tech_terms() {
        assert_eq!(
            words("CI/CD, C# and .NET; e-commerce (B2B) 1,000+ users"),
            [
                "CI/CD",
                ",",
                "C#",
                "and",
                ".NET",
                ";",
                "e-commerce",
                "(",
                "B2B",
                ")",
                "1,000+",
                "users"
            ]
        );
        assert_eq!(words("posted: 2021-07-14"), ["posted", ":", "2021-07-14"]);
        assert_eq!(words("you’ll"), ["you’ll"]);
    }

    #[test]
    fn tokenizer_spans_match_text() {
        let s = "Ünïcode — text…  with   spaces\nand lines.";
        for t in tokenize(s) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
    }

    #[test]
    fn stopwords_sorted() {
        let mut v = STOPWORDS.to_vec();
        v.sort_unstable();
        assert_eq!(v, STOPWORDS);
        assert!(is_stopword("The"));
        assert!(!is_stopword("python"));
    }

    #[test]
    fn stemmer_conflates_variants() {
        assert_eq!(stem("testing"), stem("tests"));
        assert_eq!(stem("communication"), stem("communicate"));
        assert_eq!(stem("libraries"), stem("library"));
        assert_eq!(stem("hopping"), "hop");
        assert_eq!(stem("Go"), "go");
        assert_eq!(stem("naïve"), "naïve");
    }
}
