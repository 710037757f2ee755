//! A lexicon of skills and knowledge areas with canonical names and
//! synonyms ("Postgres" → "PostgreSQL", "k8s" → "Kubernetes"), a built-in
//! hand-made list (`data/lexicon.txt`), user-added terms, and a
//! token-based matcher that finds lexicon terms in text.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::text::{token_spans, Span};
use crate::MentionKind;

const BUILTIN: &str = include_str!("../data/lexicon.txt");

/// Errors from lexicon parsing or term addition.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    /// A line of a lexicon file could not be parsed.
    #[error("lexicon line {line}: {message}")]
    Parse {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A term has no tokens (empty or only spaces).
    #[error("empty term")]
    EmptyTerm,
}

/// A lexicon entry: a canonical name, its kind and its variants.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Term {
    /// The canonical spelling ("PostgreSQL").
    pub canonical: String,
    /// Skill or knowledge.
    pub kind: MentionKind,
    /// Other spellings ("postgres", "psql").
    pub synonyms: Vec<String>,
}

/// A lexicon match in a text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LexiconMatch {
    /// Byte offset of the match.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
    /// The matched text, `&text[start..end]`.
    pub text: String,
    /// The canonical name of the matched term.
    pub canonical: String,
    /// The term's kind.
    pub kind: MentionKind,
}

/// Skills and knowledge terms with synonyms. Lookups are case-insensitive
/// and token-based: "node.js", "Node.js" and "NODE.JS" are the same key.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    terms: Vec<Term>,
    /// normalized key → term index
    index: HashMap<String, usize>,
    /// normalized first token → longest key length in tokens
    first: HashMap<String, usize>,
}

/// Normalize a term into its lookup key: lower-cased tokens joined by one
/// space, typographic apostrophes folded.
pub(crate) fn normalize_key(term: &str) -> String {
    let mut key = String::with_capacity(term.len());
    for s in token_spans(term) {
        if !key.is_empty() {
            key.push(' ');
        }
        push_lower(&mut key, &term[s.start..s.end]);
    }
    key
}

fn push_lower(out: &mut String, s: &str) {
    for c in s.chars() {
        if c == '\u{2019}' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

fn parse_kind(s: &str) -> Option<MentionKind> {
    match s.trim() {
        "k" | "knowledge" => Some(MentionKind::Knowledge),
        "s" | "skill" => Some(MentionKind::Skill),
        _ => None,
    }
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// The built-in lexicon (a few hundred tech, business and soft skills).
    pub fn builtin() -> Self {
        // The built-in file is tested to parse; fall back to empty anyway.
        Self::parse(BUILTIN).unwrap_or_default()
    }

    /// The built-in lexicon plus user terms `(canonical, kind, synonyms)`.
    pub fn with_user_terms<I, S>(terms: I) -> Result<Self, LexiconError>
    where
        I: IntoIterator<Item = (S, MentionKind, Vec<S>)>,
        S: AsRef<str>,
    {
        let mut lex = Self::builtin();
        for (canonical, kind, syns) in terms {
            let syns: Vec<&str> = syns.iter().map(|s| s.as_ref()).collect();
            lex.add_term(canonical.as_ref(), kind, &syns)?;
        }
        Ok(lex)
    }

    /// Parse a lexicon in the `kind|canonical|variant|...` line format
    /// (`#` comments and blank lines ignored; kind `k`/`knowledge` or
    /// `s`/`skill`).
    pub fn parse(src: &str) -> Result<Self, LexiconError> {
        let mut lex = Self::new();
        for (i, line) in src.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('|');
            let kind = parts
                .next()
                .and_then(parse_kind)
                .ok_or_else(|| LexiconError::Parse {
                    line: i + 1,
                    message: "expected kind k or s".into(),
                })?;
            let canonical = parts.next().map(str::trim).unwrap_or("");
            if canonical.is_empty() {
                return Err(LexiconError::Parse {
                    line: i + 1,
                    message: "missing canonical term".into(),
                });
            }
            let syns: Vec<&str> = parts.map(str::trim).filter(|s| !s.is_empty()).collect();
            lex.add_term(canonical, kind, &syns)?;
        }
        Ok(lex)
    }

    /// Add a term (or extend an existing one with more synonyms). A variant
    /// already bound to another term is rebound to this one: user terms win.
    pub fn add_term(
        &mut self,
        canonical: &str,
        kind: MentionKind,
        synonyms: &[&str],
    ) -> Result<(), LexiconError> {
        let ckey = normalize_key(canonical);
        if ckey.is_empty() {
            return Err(LexiconError::EmptyTerm);
        }
        let idx = match self.index.get(&ckey) {
            Some(&i)
                if self.terms[i]
                    .canonical
                    .eq_ignore_ascii_case(canonical.trim()) =>
            {
                self.terms[i].kind = kind;
                i
            }
            _ => {
                self.terms.push(Term {
                    canonical: canonical.trim().to_string(),
                    kind,
                    synonyms: Vec::new(),
                });
                self.terms.len() - 1
            }
        };
        self.bind(ckey, idx);
        for s in synonyms {
            let key = normalize_key(s);
            if key.is_empty() {
                continue;
            }
            if !self.terms[idx]
                .synonyms
                .iter()
                .any(|x| x.eq_ignore_ascii_case(s.trim()))
            {
                self.terms[idx].synonyms.push(s.trim().to_string());
            }
            self.bind(key, idx);
        }
        Ok(())
    }

    fn bind(&mut self, key: String, idx: usize) {
        let n = key.split(' ').count();
        let first = key.split(' ').next().unwrap_or("").to_string();
        let e = self.first.entry(first).or_insert(0);
        *e = (*e).max(n);
        self.index.insert(key, idx);
    }

    /// All terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the lexicon has no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The term a spelling belongs to.
    pub fn lookup(&self, term: &str) -> Option<&Term> {
        self.index
            .get(&normalize_key(term))
            .map(|&i| &self.terms[i])
    }

    /// Canonical spelling of `term` ("postgres" → "PostgreSQL").
    pub fn canonical(&self, term: &str) -> Option<&str> {
        self.lookup(term).map(|t| t.canonical.as_str())
    }

    /// Kind of `term`.
    pub fn kind(&self, term: &str) -> Option<MentionKind> {
        self.lookup(term).map(|t| t.kind)
    }

    /// All spellings of the term `term` belongs to, canonical first
    /// (empty if unknown).
    pub fn synonyms(&self, term: &str) -> Vec<&str> {
        match self.lookup(term) {
            Some(t) => std::iter::once(t.canonical.as_str())
                .chain(t.synonyms.iter().map(String::as_str))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Whether two spellings name the same term.
    pub fn same_term(&self, a: &str, b: &str) -> bool {
        match (
            self.index.get(&normalize_key(a)),
            self.index.get(&normalize_key(b)),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }

    /// Longest-first, left-to-right matches of lexicon terms in `text`.
    /// Very short variants (≤ 3 bytes, like "Go", "R", "AI") only match when
    /// the text is not all lower case, to avoid matching ordinary words.
    pub fn find(&self, text: &str) -> Vec<LexiconMatch> {
        let spans = token_spans(text);
        self.match_spans(text, &spans)
            .into_iter()
            .map(|(a, b, idx)| {
                let (s, e) = (spans[a].start, spans[b - 1].end);
                LexiconMatch {
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    canonical: self.terms[idx].canonical.clone(),
                    kind: self.terms[idx].kind,
                }
            })
            .collect()
    }

    /// Token-index matches `(first, end_exclusive, term)` over pre-computed
    /// token spans.
    pub(crate) fn match_spans(&self, text: &str, spans: &[Span]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let lowers: Vec<String> = spans
            .iter()
            .map(|s| {
                let mut l = String::new();
                push_lower(&mut l, &text[s.start..s.end]);
                l
            })
            .collect();
        let mut i = 0;
        let mut key = String::new();
        while i < spans.len() {
            let Some(&maxn) = self.first.get(&lowers[i]) else {
                i += 1;
                continue;
            };
            let mut best: Option<(usize, usize)> = None;
            key.clear();
            for n in 1..=maxn.min(spans.len() - i) {
                let j = i + n - 1;
                if n > 1 {
                    // Do not match across line breaks.
                    if text[spans[j - 1].end..spans[j].start].contains('\n') {
                        break;
                    }
                    key.push(' ');
                }
                key.push_str(&lowers[j]);
                if let Some(&idx) = self.index.get(&key) {
                    let surface = &text[spans[i].start..spans[j].end];
                    let short_lower = surface.len() <= 3
                        && surface.chars().all(|c| !c.is_uppercase())
                        && surface.chars().all(char::is_alphabetic);
                    if !short_lower {
                        best = Some((n, idx));
                    }
                }
            }
            match best {
                Some((n, idx)) => {
                    out.push((i, i + n, idx));
                    i += n;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses() {
        let lex = Lexicon::parse(BUILTIN).expect("builtin lexicon parses");
        assert!(lex.len() > 300, "{}", lex.len());
    }

    #[test]
    fn synonyms_and_canonical() {
        let lex = Lexicon::builtin();
        assert_eq!(lex.canonical("postgres"), Some("PostgreSQL"));
        assert_eq!(lex.canonical("Postgres"), Some("PostgreSQL"));
        assert_eq!(lex.canonical("k8s"), Some("Kubernetes"));
        assert_eq!(lex.canonical("continuous integration"), Some("CI/CD"));
        assert_eq!(lex.canonical("JS"), Some("JavaScript"));
        assert!(lex.synonyms("kubernetes").contains(&"k8s"));
        assert!(lex.same_term("golang", "Go"));
        assert_eq!(lex.kind("teamwork"), Some(MentionKind::Skill));
        assert_eq!(lex.canonical("nonexistent thing"), None);
    }

    #[test]
    fn user_terms() {
        let lex = Lexicon::with_user_terms([(
            "Temporal",
            MentionKind::Knowledge,
            vec!["temporal.io", "temporal workflows"],
        )])
        .expect("valid");
        assert_eq!(lex.canonical("Temporal workflows"), Some("Temporal"));
        let mut l2 = Lexicon::new();
        assert_eq!(
            l2.add_term("  ", MentionKind::Skill, &[]),
            Err(LexiconError::EmptyTerm)
        );
        assert!(Lexicon::parse("x|y").is_err());
    }

    #[test]
    fn find_in_text() {
        let lex = Lexicon::builtin();
        let t = "Experience with Go, k8s and Postgres; go to the CI/CD pipeline.";
        let m = lex.find(t);
        let c: Vec<_> = m.iter().map(|m| m.canonical.as_str()).collect();
        assert_eq!(c, ["Go", "Kubernetes", "PostgreSQL", "CI/CD"]);
        for x in &m {
            assert_eq!(&t[x.start..x.end], x.text);
        }
    }
}
