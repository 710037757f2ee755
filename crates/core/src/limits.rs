//! round2's limits on what it reads, in one place, each with its reason.
//! Input beyond a limit is refused with a message that names the limit;
//! nothing stored changes. The prep-file format doc (`docs/prep-file.md`)
//! lists the ones a user can meet.

/// Deepest nesting of `[`/`{` in a YAML or JSON prep file. The format is at
/// most four levels deep; parsers slow down quadratically on pathological
/// nesting (100,000 levels took 15 s), so far deeper input is refused
/// before it is parsed.
pub const MAX_NESTING: usize = 64;

/// How much larger than the file its YAML may become once anchors and
/// aliases (`&a` … `*a`) are expanded, in bytes beyond its own size. A prep
/// file needs no aliases; this lets a few harmless ones through and refuses
/// an "alias bomb" (a 1 MB string aliased 20,000 times is 20 GB).
pub const MAX_ALIAS_EXPANSION: usize = 64 * 1024;

/// Longest name (a person, an interviewer, the candidate) in characters.
/// Names go into mail headers and file names; no real name is longer.
pub const MAX_NAME_CHARS: usize = 200;

/// Longest company or role in characters (they make the slug and titles).
pub const MAX_TITLE_CHARS: usize = 300;

/// Longest slug in bytes: it must fit a URL path segment and a shell argument.
pub const MAX_SLUG_BYTES: usize = 48;

/// How long opening a PostgreSQL database may take, handshake included,
/// unless the URL says `connect_timeout=SECONDS`: a server that accepts and
/// never answers must not hang a command.
pub const PG_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The longest one statement may run on PostgreSQL (set per session): no
/// query of round2's takes more than a fraction of a second.
pub const PG_STATEMENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `text` holds a character that must never reach a header or a
/// terminal raw: a control character (CR, LF, ESC, NUL…) other than a tab.
pub fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\t')
}

/// `text` with control characters (other than tab and newline) shown as
/// `\u{..}` escapes: for printing stored text on a terminal, where an ESC
/// sequence could otherwise rewrite the screen.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\n')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\t' && c != '\n' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Checks a name (or company, role) where it enters: not too long, and no
/// control characters, so a stored value can never add a mail header or a
/// terminal escape. `what` names the field in the message.
pub fn check_name(what: &str, value: &str, max_chars: usize) -> Result<(), String> {
    if has_control(value) {
        return Err(format!(
            "{what} holds a control character (a line break or escape); names must be one line of text"
        ));
    }
    let n = value.chars().count();
    if n > max_chars {
        return Err(format!(
            "{what} is {n} characters long; round2 accepts at most {max_chars}"
        ));
    }
    Ok(())
}

/// Longest email address (RFC 5321 allows 254).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Checks an email address where it enters: one line, one `@` with text on
/// both sides, no spaces or characters that mean something in a header
/// (`<>,;"`), not too long. It is not a full RFC 5322 check; it keeps a
/// stored address from ever adding a header or a second recipient.
pub fn check_email(value: &str) -> Result<(), String> {
    let v = value.trim();
    let bad = |why: &str| Err(format!("`{}` is not an email address: {why}", printable(v)));
    if has_control(v) {
        return bad("it holds a line break or control character");
    }
    if v.chars().count() > MAX_EMAIL_CHARS {
        return bad("it is too long");
    }
    if v.chars()
        .any(|c| c.is_whitespace() || "<>,;\"()[]\\".contains(c))
    {
        return bad("it holds a space or one of < > , ; \" ( ) [ ] \\");
    }
    match v.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@') =>
        {
            Ok(())
        }
        _ => bad("it needs one @ with a name before it and a domain after it"),
    }
}

/// The deepest `[`/`{` nesting in `source`, stopping early once it passes
/// `MAX_NESTING`. Brackets inside quoted text are counted too (a cheap,
/// conservative scan): refusing needs [`MAX_NESTING`] unclosed ones.
pub fn nesting_depth(source: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in source.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                if max > MAX_NESTING {
                    return max;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_line_breaks_or_escapes_are_refused() {
        assert!(check_name("name", "Dana Reyes", MAX_NAME_CHARS).is_ok());
        assert!(check_name("name", "Dana\r\nBcc: x@y", MAX_NAME_CHARS)
            .unwrap_err()
            .contains("control character"));
        assert!(check_name("name", "\u{1b}[2J", MAX_NAME_CHARS).is_err());
        assert!(check_name("name", &"a".repeat(201), MAX_NAME_CHARS)
            .unwrap_err()
            .contains("at most 200"));
    }

    #[test]
    fn emails_that_could_add_a_header_are_refused() {
        assert!(check_email("dana@northwind.example").is_ok());
        for bad in [
            "dana@x\r\nBcc: all@y",
            "Dana <dana@x>",
            "a@b, c@d",
            "nobody",
            "@x",
            "a@",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn printable_escapes_controls_but_keeps_lines() {
        assert_eq!(printable("a\nb"), "a\nb");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    }

    #[test]
    fn nesting_is_measured_and_stops_early() {
        assert_eq!(nesting_depth("a: [1, {b: [2]}]"), 3);
        assert_eq!(nesting_depth("]]]"), 0);
        assert_eq!(nesting_depth(&"[".repeat(100_000)), MAX_NESTING + 1);
    }
}
