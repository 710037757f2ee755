//! Posting structure: heading detection, section classification and
//! requirement items (bullets or sentences) with their importance.

use round2_core::Importance;

use crate::{Requirement, Section, SectionKind};

/// A line of the input: byte span without the line terminator.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            let mut end = i;
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            out.push(Line { start, end });
            start = i + 1;
        }
    }
    if start <= text.len() {
        out.push(Line {
            start,
            end: text.len(),
        });
    }
    out
}

/// Trim whitespace, returning the byte span of what is left.
fn trim_span(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// Length in bytes of a bullet marker (and the space after it) at the
/// start of `s`, if any: `-`, `*`, `•`, `·`, `–`, `—`, `‣`, `◦`, `▪`, `○`,
/// `1.`, `1)`, `a)`, `(a)`.
fn bullet_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, c) = chars.next()?;
    let after = |n: usize| -> Option<usize> {
        let rest = &s[n..];
        if rest.is_empty() {
            return Some(n);
        }
        let ws = rest.len() - rest.trim_start().len();
        if ws == 0 {
            None
        } else {
            Some(n + ws)
        }
    };
    match c {
        '-' | '*' | '+' | '•' | '·' | '–' | '—' | '‣' | '◦' | '▪' | '○' | '●' | '■' | '►' | '✓'
        | '✔' | '\u{95}' => after(c.len_utf8()),
        '0'..='9' => {
            let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
            if digits > 2 {
                return None;
            }
            match s.as_bytes().get(digits) {
                Some(b'.') | Some(b')') => after(digits + 1),
                _ => None,
            }
        }
        '(' => {
            let b = s.as_bytes();
            if b.len() >= 3 && b[1].is_ascii_alphanumeric() && b[2] == b')' {
                after(3)
            } else {
                None
            }
        }
        'a'..='h' => {
            let b = s.as_bytes();
            if b.len() >= 2 && b[1] == b')' {
                after(2)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Classify a heading text. Returns `None` when the text has no heading
/// keyword.
pub(crate) fn classify_heading(heading: &str) -> Option<SectionKind> {
    let h = normalize(heading);
    let h = h.trim_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != ')');
    let has = |ks: &[&str]| ks.iter().any(|k| h.contains(k));
    if has(&[
        "nice to have",
        "nice to haves",
        "bonus",
        "preferred",
        "desirable",
        "desired",
        "good to have",
        "plus if",
        "pluses",
        "a plus",
        "extra credit",
        "optional",
        "would be great",
        "would be nice",
        "even better",
        "ideally",
        "not required",
        "added advantage",
    ]) {
        return Some(SectionKind::NiceToHave);
    }
    if has(&[
        "requirement",
        "qualification",
        "must have",
        "must haves",
        "what you'll bring",
        "what you will bring",
        "what you bring",
        "you'll bring",
        "looking for",
        "about you",
        "who you are",
        "you have",
        "you should have",
        "you'll need",
        "you will need",
        "what you need",
        "what we need",
        "we need",
        "skills",
        "experience",
        "competenc",
        "profile",
        "required",
        "essential",
        "minimum",
        "prerequisite",
        "need to succeed",
        "what it takes",
        "ideal candidate",
        "your background",
        "knowledge",
    ]) {
        return Some(SectionKind::Requirements);
    }
    if has(&[
        "responsibilit",
        "what you'll do",
        "what you will do",
        "what you'd do",
        "you'll be doing",
        "you will be doing",
        "what you do",
        "duties",
        "the role",
        "your role",
        "the job",
        "the position",
        "day to day",
        "in this role",
        "your impact",
        "what you'll work on",
        "you will",
        "you'll",
        "tasks",
        "your mission",
        "key accountabilities",
        "accountabilit",
        "outcomes",
    ]) {
        return Some(SectionKind::Responsibilities);
    }
    if has(&[
        "benefit",
        "perks",
        "we offer",
        "compensation",
        "what's in it",
        "salary",
        "pay and",
        "what you get",
        "what you'll get",
        "rewards",
        "package",
    ]) {
        return Some(SectionKind::Benefits);
    }
    if has(&[
        "how we work",
        "culture",
        "working here",
        "working at",
        "life at",
        "our values",
        "values",
        "way we work",
        "our team",
        "the team",
        "environment",
        "hiring process",
        "interview process",
    ]) {
        return Some(SectionKind::HowWeWork);
    }
    if has(&[
        "about",
        "who we are",
        "our company",
        "the company",
        "our mission",
        "our story",
        "company overview",
        "overview",
        "why join",
        "why us",
    ]) {
        return Some(SectionKind::About);
    }
    None
}

/// Decide whether the (trimmed) line is a heading; returns its kind and the
/// byte length of the heading part (the whole line, or the part before an
/// inline `:`).
fn heading_of(line: &str, prev_blank: bool, next_is_content: bool) -> Option<(SectionKind, usize)> {
    let line_t = line.trim_end();
    if line_t.is_empty() || bullet_len(line_t).is_some() {
        return None;
    }
    let mut core = line_t;
    // Markdown heading or bold markers.
    let md = core.starts_with('#');
    core = core.trim_start_matches('#').trim();
    core = core.trim_matches('*').trim_matches('_').trim();
    let colon = core.ends_with(':');
    let core = core.trim_end_matches(':').trim();
    let words = core.split_whitespace().count();
    if words == 0 {
        return None;
    }
    let ends_sentence =
        core.ends_with('.') || core.ends_with('!') || core.ends_with('?') && words > 6;
    let short = words <= 9 && core.len() <= 80;
    if short && !ends_sentence && (colon || md || prev_blank || next_is_content) {
        if let Some(kind) = classify_heading(core) {
            // A sentence-like line ("You will work with...") is not a
            // heading unless it is marked as one.
            if colon || md || words <= 6 {
                return Some((kind, line_t.len()));
            }
        }
        let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
        if colon || md || all_caps {
            return Some((SectionKind::Other, line_t.len()));
        }
    }
    // Inline heading: "Requirements: Python, SQL and Git."
    if let Some(pos) = line_t.find(':') {
        let head = line_t[..pos].trim();
        let rest = line_t[pos + 1..].trim();
        if !rest.is_empty() && head.split_whitespace().count() <= 5 && head.len() <= 40 {
            if let Some(kind) = classify_heading(head) {
                if matches!(
                    kind,
                    SectionKind::Requirements
                        | SectionKind::NiceToHave
                        | SectionKind::Responsibilities
                ) {
                    return Some((kind, pos + 1));
                }
            }
        }
    }
    None
}

/// Whether a section kind holds requirement items.
fn is_requirement_kind(k: SectionKind) -> bool {
    matches!(
        k,
        SectionKind::Requirements | SectionKind::NiceToHave | SectionKind::Responsibilities
    )
}

fn contains_any(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

const NICE_PHRASES: &[&str] = &[
    "a plus",
    "is a bonus",
    "a big plus",
    "nice to have",
    "nice-to-have",
    "preferred",
    "is an advantage",
    "an asset",
    "desirable",
    "bonus points",
    "would be great",
    "would be nice",
    "not required",
    "not essential",
    "is helpful",
    "are helpful",
    "a bonus",
];
const MUST_PHRASES: &[&str] = &[
    "must",
    "required",
    "requirement",
    "essential",
    "mandatory",
    "need to have",
    "you have",
    "minimum",
    "at least",
];
const REQ_HINTS: &[&str] = &[
    "experience",
    "knowledge",
    "ability",
    "able to",
    "proficien",
    "familiar",
    "degree",
    "years",
    "skill",
    "understanding",
    "must",
    "required",
    "expertise",
    "background in",
    "fluent",
    "certif",
    "comfortable with",
    "track record",
    "hands-on",
    "strong",
];

fn item_importance(kind: SectionKind, item: &str) -> Importance {
    let l = item.to_lowercase();
    match kind {
        SectionKind::NiceToHave => Importance::Nice,
        SectionKind::Requirements | SectionKind::Responsibilities => {
            if contains_any(&l, NICE_PHRASES) {
                Importance::Nice
            } else {
                Importance::Must
            }
        }
        _ => {
            if contains_any(&l, NICE_PHRASES) || l.contains("ideally") {
                Importance::Nice
            } else if contains_any(&l, MUST_PHRASES) {
                Importance::Must
            } else {
                Importance::Unspecified
            }
        }
    }
}

/// Split a paragraph span into sentence spans (on `.`, `!`, `?`, `;`
/// followed by whitespace and an upper-case letter or digit, or at the end).
fn sentences(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut cur = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if matches!(c, '.' | '!' | '?') {
            let after = i + c.len_utf8();
            let rest = &s[after..];
            let trimmed = rest.trim_start();
            let ws = rest.len() - trimmed.len();
            if ws > 0
                && trimmed
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit())
            {
                // Avoid splitting after common abbreviations.
                let before = &s[cur..i];
                let last = before
                    .rsplit(|ch: char| ch.is_whitespace())
                    .next()
                    .unwrap_or("");
                let abbrev = matches!(
                    last.to_lowercase().as_str(),
                    "e.g"
                        | "i.e"
                        | "etc"
                        | "vs"
                        | "incl"
                        | "approx"
                        | "mr"
                        | "ms"
                        | "dr"
                        | "e"
                        | "i"
                );
                if !abbrev {
                    out.push((start + cur, start + after));
                    cur = after + ws;
                    let _ = it.peek();
                }
            }
        }
    }
    if cur < s.len() {
        out.push((start + cur, end));
    }
    out.into_iter()
        .map(|(a, b)| trim_span(text, a, b))
        .filter(|(a, b)| b > a)
        .collect()
}

fn section_name(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::About => "about",
        SectionKind::Responsibilities => "responsibilities",
        SectionKind::Requirements => "requirements",
        SectionKind::NiceToHave => "nice_to_have",
        SectionKind::Benefits => "benefits",
        SectionKind::HowWeWork => "how_we_work",
        SectionKind::Other => "other",
    }
}

/// Trim trailing `;`, `,`, `.` and whitespace from an item span.
fn clean_item(text: &str, a: usize, b: usize) -> (usize, usize) {
    let (a, mut b) = trim_span(text, a, b);
    while b > a {
        let last = text[a..b].chars().next_back();
        match last {
            Some(c @ (';' | ',' | '.')) => b -= c.len_utf8(),
            _ => break,
        }
        let (_, nb) = trim_span(text, a, b);
        b = nb;
    }
    (a, b)
}

/// Detect sections and requirement items.
pub(crate) fn structure(text: &str) -> (Vec<Section>, Vec<Requirement>) {
    let ls = lines(text);
    let mut sections: Vec<Section> = Vec::new();
    // Per line: Some((kind, heading_len)) if heading.
    let mut heads: Vec<Option<(SectionKind, usize)>> = Vec::with_capacity(ls.len());
    for (i, l) in ls.iter().enumerate() {
        let raw = &text[l.start..l.end];
        let lead = raw.len() - raw.trim_start().len();
        let prev_blank = i == 0 || text[ls[i - 1].start..ls[i - 1].end].trim().is_empty();
        let next_is_content = ls
            .get(i + 1)
            .is_some_and(|n| bullet_len(text[n.start..n.end].trim_start()).is_some());
        heads.push(
            heading_of(&raw[lead..], prev_blank, next_is_content).map(|(k, n)| (k, lead + n)),
        );
    }
    // Build sections.
    let first_head = heads.iter().position(|h| h.is_some());
    let pre_end = first_head.map_or(text.len(), |i| ls[i].start);
    let (ps, pe) = trim_span(text, 0, pre_end);
    if pe > ps {
        sections.push(Section {
            kind: SectionKind::Other,
            heading: String::new(),
            start: ps,
            end: pe,
        });
    }
    let mut line_section: Vec<Option<usize>> = vec![None; ls.len()];
    let mut cur: Option<usize> = if pe > ps { Some(0) } else { None };
    for (i, l) in ls.iter().enumerate() {
        if let Some((kind, hlen)) = heads[i] {
            if let Some(c) = cur {
                let end_guess = l.start;
                let s0 = sections[c].start;
                let (_, e) = trim_span(text, s0, end_guess.max(s0));
                sections[c].end = e.max(s0);
            }
            let raw = &text[l.start..l.end];
            let lead = raw.len() - raw.trim_start().len();
            let htext = raw[lead..hlen]
                .trim()
                .trim_start_matches('#')
                .trim()
                .trim_matches('*')
                .trim_end_matches(':')
                .trim()
                .to_string();
            let (_, le) = trim_span(text, l.start, l.end);
            sections.push(Section {
                kind,
                heading: htext,
                start: l.start + lead,
                end: le,
            });
            cur = Some(sections.len() - 1);
        } else if let Some(c) = cur {
            let (_, le) = trim_span(text, l.start, l.end);
            if le > sections[c].end {
                sections[c].end = le;
            }
        }
        line_section[i] = cur;
    }

    // Requirements.
    let mut reqs = Vec::new();
    let mut last_bullet: Option<usize> = None; // index in reqs
    for (i, l) in ls.iter().enumerate() {
        let Some(si) = line_section[i] else { continue };
        let kind = sections[si].kind;
        let raw = &text[l.start..l.end];
        if raw.trim().is_empty() {
            last_bullet = None;
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let mut a = l.start + lead;
        let content_kind_ok;
        if let Some((_, hlen)) = heads[i] {
            // Inline heading with content after the colon.
            let rest_start = l.start + hlen;
            if rest_start >= l.end || text[rest_start..l.end].trim().is_empty() {
                last_bullet = None;
                continue;
            }
            a = rest_start;
            content_kind_ok = true;
        } else {
            content_kind_ok = is_requirement_kind(kind);
        }
        let body = &text[a..l.end];
        let bl = bullet_len(body);
        let indented = lead > 0;
        if let Some(n) = bl {
            let (s, e) = clean_item(text, a + n, l.end);
            if e <= s {
                continue;
            }
            let item = &text[s..e];
            let requirement_like = content_kind_ok
                || (matches!(kind, SectionKind::Other | SectionKind::About)
                    && contains_any(&item.to_lowercase(), REQ_HINTS));
            if requirement_like {
                reqs.push(Requirement {
                    text: item.to_string(),
                    start: s,
                    end: e,
                    section: section_name(kind).to_string(),
                    importance: item_importance(kind, item),
                });
                last_bullet = Some(reqs.len() - 1);
            } else {
                last_bullet = None;
            }
        } else if let (Some(r), true) = (last_bullet, indented) {
            // Continuation of a wrapped bullet.
            let (_, e) = clean_item(text, a, l.end);
            let req = &mut reqs[r];
            if e > req.end {
                req.end = e;
                req.text = text[req.start..req.end].to_string();
                req.importance = item_importance(kind, &req.text);
            }
        } else {
            last_bullet = None;
            for (s, e) in sentences(text, a, l.end) {
                let (s, e) = clean_item(text, s, e);
                if e <= s {
                    continue;
                }
                let item = &text[s..e];
                let lower = item.to_lowercase();
                let requirement_like = if content_kind_ok {
                    // Skip intro lines like "You will:" or "We'd love you to have:".
                    !(item.ends_with(':') && item.split_whitespace().count() <= 10)
                } else {
                    matches!(kind, SectionKind::Other | SectionKind::About)
                        && contains_any(&lower, REQ_HINTS)
                        && (contains_any(&lower, MUST_PHRASES)
                            || contains_any(&lower, NICE_PHRASES)
                            || lower.contains("experience")
                            || lower.contains("you "))
                };
                if requirement_like {
                    reqs.push(Requirement {
                        text: item.to_string(),
                        start: s,
                        end: e,
                        section: section_name(kind).to_string(),
                        importance: item_importance(kind, item),
                    });
                }
            }
        }
    }
    (sections, reqs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_classify() {
        use SectionKind::*;
        let cases = [
            ("About us", About),
            ("What you'll do", Responsibilities),
            ("What you’ll do:", Responsibilities),
            ("Responsibilities", Responsibilities),
            ("Requirements", Requirements),
            ("What you'll bring (must-haves)", Requirements),
            ("Nice to have", NiceToHave),
            ("Bonus points", NiceToHave),
            ("Benefits", Benefits),
            ("Perks", Benefits),
            ("Qualifications", Requirements),
            ("Preferred qualifications", NiceToHave),
            ("How we work", HowWeWork),
        ];
        for (h, k) in cases {
            assert_eq!(classify_heading(h), Some(k), "{h}");
        }
    }

    #[test]
    fn bullets() {
        assert_eq!(bullet_len("- item"), Some(2));
        assert_eq!(bullet_len("• item"), Some(4));
        assert_eq!(bullet_len("12. item"), Some(4));
        assert_eq!(bullet_len("-item"), None);
        assert_eq!(bullet_len("2021 was"), None);
    }

    #[test]
    fn structure_simple() {
        let t = "Acme: Engineer\n\nRequirements:\n- Rust, 3+ years\n- SQL is a plus\n\nNice to have\n* Kafka\n\nBenefits\n- Money\n";
        let (secs, reqs) = structure(t);
        let kinds: Vec<_> = secs.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Other,
                SectionKind::Requirements,
                SectionKind::NiceToHave,
                SectionKind::Benefits
            ]
        );
        let r: Vec<_> = reqs
            .iter()
            .map(|r| (r.text.as_str(), r.importance))
            .collect();
        assert_eq!(
            r,
            [
                ("Rust, 3+ years", Importance::Must),
                ("SQL is a plus", Importance::Nice),
                ("Kafka", Importance::Nice)
            ]
        );
        for r in &reqs {
            assert_eq!(&t[r.start..r.end], r.text);
        }
    }

    #[test]
    fn inline_heading() {
        let t = "Requirements: Python and SQL. Preferred: Airflow.";
        let (_, reqs) = structure(t);
        assert_eq!(reqs[0].text, "Python and SQL");
        assert_eq!(reqs[0].importance, Importance::Must);
    }
}
