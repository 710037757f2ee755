//! `.eml` drafts (RFC 5322 + MIME): headers encoded per RFC 2047 when not
//! ASCII, a quoted-printable UTF-8 body, CRLF line endings, and `X-Unsent: 1`
//! so Outlook and Thunderbird open the file as a draft to edit and send.

use chrono::{DateTime, FixedOffset};
use round2_core::Profile;

use crate::thank_you::Draft;
use crate::DocumentError;

/// The draft as an `.eml` message from the profile's address, dated `now`.
pub fn draft_to_eml(
    draft: &Draft,
    profile: &Profile,
    now: DateTime<FixedOffset>,
) -> Result<String, DocumentError> {
    let from = profile
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .ok_or_else(|| {
            DocumentError::Missing(
                "the profile has no email address, which a mail draft needs as `From` (add one to the profile)"
                    .into(),
            )
        })?;
    round2_core::limits::check_email(from).map_err(|m| {
        DocumentError::Missing(format!("the profile's email cannot go into `From`: {m}"))
    })?;
    let mut headers = vec![
        format!("Date: {}", now.to_rfc2822()),
        format!("From: {}", mailbox(&profile.name, from)),
    ];
    if let Some(to) = draft.email.as_deref().filter(|e| !e.trim().is_empty()) {
        round2_core::limits::check_email(to).map_err(|m| {
            DocumentError::Missing(format!(
                "{}'s email cannot go into `To`: {m}",
                round2_core::limits::printable(&draft.interviewer)
            ))
        })?;
        headers.push(format!("To: {}", mailbox(&draft.interviewer, to.trim())));
    }
    headers.push(fold_header(&format!(
        "Subject: {}",
        encode_word(&draft.subject)
    )));
    headers.push("MIME-Version: 1.0".into());
    headers.push("Content-Type: text/plain; charset=utf-8".into());
    headers.push("Content-Transfer-Encoding: quoted-printable".into());
    headers.push("X-Unsent: 1".into());
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&quoted_printable(&draft.body));
    out.push_str("\r\n");
    Ok(out)
}

/// Folds a long header at spaces so lines stay within 78 characters.
fn fold_header(line: &str) -> String {
    if line.contains("\r\n") || line.len() <= 78 {
        return line.to_string();
    }
    let mut out = String::new();
    let mut len = 0;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            if len + 1 + word.len() > 78 {
                out.push_str("\r\n ");
                len = 1;
            } else {
                out.push(' ');
                len += 1;
            }
        }
        out.push_str(word);
        len += word.len();
    }
    out
}

/// `"Display Name" <addr>` with the name encoded when needed.
fn mailbox(name: &str, addr: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        return format!("<{addr}>");
    }
    if name.is_ascii() && !round2_core::limits::has_control(name) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\" <{addr}>")
    } else {
        format!("{} <{addr}>", encode_word(name))
    }
}

/// RFC 2047 Q-encoded words (each at most 75 characters) for non-ASCII text
/// and for text holding a control character (a stored CR or LF becomes
/// `=0D`/`=0A` and can never end the header); plain ASCII is returned as it is.
fn encode_word(text: &str) -> String {
    if text.is_ascii() && !text.contains("=?") && !round2_core::limits::has_control(text) {
        return text.to_string();
    }
    const PREFIX: &str = "=?utf-8?Q?";
    const SUFFIX: &str = "?=";
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        let mut enc = String::new();
        if c == ' ' {
            enc.push('_');
        } else if c.is_ascii_alphanumeric() || "!*+-/".contains(c) {
            enc.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                enc.push_str(&format!("={b:02X}"));
            }
        }
        if PREFIX.len() + cur.len() + enc.len() + SUFFIX.len() > 75 {
            words.push(format!("{PREFIX}{cur}{SUFFIX}"));
            cur.clear();
        }
        cur.push_str(&enc);
    }
    if !cur.is_empty() {
        words.push(format!("{PREFIX}{cur}{SUFFIX}"));
    }
    words.join("\r\n ")
}

/// Quoted-printable (RFC 2045): lines of at most 76 characters with soft
/// breaks, CRLF hard breaks, trailing spaces encoded.
fn quoted_printable(body: &str) -> String {
    let mut out_lines = Vec::new();
    for line in body.replace("\r\n", "\n").split('\n') {
        let mut out = String::new();
        let mut len = 0;
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let last = i + 1 == chars.len();
            let enc = if (*c == ' ' || *c == '\t') && last {
                format!("={:02X}", *c as u8)
            } else if (c.is_ascii_graphic() && *c != '=') || *c == ' ' || *c == '\t' {
                c.to_string()
            } else {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("={b:02X}"))
                    .collect()
            };
            if len + enc.len() > 75 {
                out.push_str("=\r\n");
                len = 0;
            }
            len += enc.len();
            out.push_str(&enc);
        }
        out_lines.push(out);
    }
    out_lines.join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_break_in_a_name_or_subject_never_adds_a_header() {
        let w = encode_word("Dana\r\nBcc: everyone@example.com");
        assert!(
            !w.contains('\r') && !w.contains('\n') || w.contains("\r\n "),
            "{w:?}"
        );
        assert!(w.contains("=0D=0A"), "{w:?}");
        let m = mailbox("Dana\nBcc: x@y", "dana@example.com");
        assert!(!m.contains("\nBcc"), "{m:?}");
    }

    #[test]
    fn encoded_words_stay_short_and_ascii() {
        let w = encode_word("Colette Araújo and a very long subject line that needs several words");
        assert!(w.is_ascii());
        assert!(w.split("\r\n ").all(|p| p.len() <= 75));
    }

    #[test]
    fn qp_lines_stay_under_77() {
        let q = quoted_printable(&"é".repeat(100));
        assert!(q.split("\r\n").all(|l| l.len() <= 76));
    }
}
