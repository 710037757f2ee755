//! The calendar (`.ics`, RFC 5545): the rounds with their place or link, a
//! to-do with an alarm for each thank-you deadline, and practice sessions.
//! Times are written in UTC; UIDs are stable across exports; DTSTAMP is the
//! passed-in `now`. Lines are folded at 75 octets and text is escaped.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use round2_core::PrepPack;

use crate::thank_you::Draft;

/// A planned practice session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeSession {
    pub start: DateTime<FixedOffset>,
    pub minutes: u32,
    pub label: String,
}

fn utc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Folds a content line at 75 octets without splitting a character (RFC
/// 5545 and RFC 6350 share the rule); each physical line ends in CRLF. A
/// break falls between two characters that are not spaces where it can:
/// some readers trim the ends of physical lines and would lose the space.
pub(crate) fn fold(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + line.len() / 32 + 2);
    let mut start = 0;
    let mut budget = 75;
    loop {
        let mut end = start;
        let mut used = 0;
        while end < chars.len() && used + chars[end].len_utf8() <= budget {
            used += chars[end].len_utf8();
            end += 1;
        }
        if end < chars.len() {
            let mut at = end;
            while at > start + 1 && (chars[at - 1].is_whitespace() || chars[at].is_whitespace()) {
                at -= 1;
            }
            if at > start + 1 {
                end = at;
            }
        }
        out.extend(&chars[start..end]);
        out.push_str("\r\n");
        if end >= chars.len() {
            return out;
        }
        out.push(' ');
        start = end;
        budget = 74;
    }
}

/// A text as a UID part: ASCII letters and digits, everything else `-`.
pub(crate) fn uid_part(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A display alarm at `trigger` saying `text`.
fn alarm(lines: &mut Vec<String>, trigger: &str, text: &str) {
    lines.push("BEGIN:VALARM".into());
    lines.push("ACTION:DISPLAY".into());
    lines.push(trigger.into());
    lines.push(format!("DESCRIPTION:{}", escape(text)));
    lines.push("END:VALARM".into());
}

/// How long the thank-you deadline's event lasts; it ends at the deadline.
const THANK_YOU_EVENT_MINUTES: i64 = 30;

/// The calendar for one opportunity.
pub fn calendar_ics(
    pack: &PrepPack,
    drafts: &[Draft],
    practice: &[PracticeSession],
    now: DateTime<FixedOffset>,
) -> String {
    let opp = &pack.opportunity;
    let slug = if opp.slug.is_empty() {
        uid_part(&format!("{}-{}", opp.company, opp.role))
    } else {
        opp.slug.clone()
    };
    let stamp = utc(now);
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//round2//documents//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    for r in &pack.rounds {
        let Some(start) = r.date else { continue };
        let minutes = i64::from(r.duration_minutes.unwrap_or(60));
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:round-{}-{slug}@round2", r.number));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART:{}", utc(start)));
        lines.push(format!("DTEND:{}", utc(start + Duration::minutes(minutes))));
        lines.push(format!(
            "SUMMARY:{}",
            escape(&format!(
                "Round {} ({}): {} at {}",
                r.number, r.kind, opp.role, opp.company
            ))
        ));
        if let Some(place) = r.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            lines.push(format!("LOCATION:{}", escape(place)));
            if place.starts_with("https://") || place.starts_with("http://") {
                lines.push(format!("URL:{place}"));
            }
        }
        let people: Vec<String> = r
            .interviewers
            .iter()
            .map(|p| match &p.title {
                Some(t) => format!("{} ({t})", p.name),
                None => p.name.clone(),
            })
            .collect();
        if !people.is_empty() {
            lines.push(format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "Interviewers: {}\nArrive 10-15 minutes early.",
                    people.join(", ")
                ))
            ));
        }
        alarm(
            &mut lines,
            "TRIGGER:-PT1H",
            &format!("Review your cheat sheet for round {}", r.number),
        );
        lines.push("END:VEVENT".into());
    }
    for d in drafts {
        let Some(due) = d.deadline else { continue };
        let who = uid_part(&d.interviewer);
        let summary = format!(
            "SUMMARY:{}",
            escape(&format!("Send thank-you note to {}", d.interviewer))
        );
        let about = format!("{}\nRound {} at {}", d.subject, d.round, opp.company);
        let due_alarm = format!("Thank-you note to {} is due", d.interviewer);
        // Google Calendar and Outlook drop a VTODO on import, so the deadline
        // is also a short event ending at the deadline, with its own alarm:
        // that is what most calendars show.
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:thank-you-event-{}-{who}-{slug}@round2",
            d.round
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!(
            "DTSTART:{}",
            utc(due - Duration::minutes(THANK_YOU_EVENT_MINUTES))
        ));
        lines.push(format!("DTEND:{}", utc(due)));
        lines.push(summary.clone());
        lines.push(format!(
            "DESCRIPTION:{}",
            escape(&format!("{about}\nSend it before this slot ends."))
        ));
        lines.push("TRANSP:TRANSPARENT".into());
        alarm(&mut lines, "TRIGGER:-PT4H", &due_alarm);
        lines.push("END:VEVENT".into());
        lines.push("BEGIN:VTODO".into());
        lines.push(format!("UID:thank-you-{}-{who}-{slug}@round2", d.round));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DUE:{}", utc(due)));
        lines.push(summary);
        lines.push(format!("DESCRIPTION:{}", escape(&about)));
        lines.push("STATUS:NEEDS-ACTION".into());
        alarm(&mut lines, "TRIGGER;RELATED=END:-PT4H", &due_alarm);
        lines.push("END:VTODO".into());
    }
    for p in practice {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!(
            "UID:practice-{}-{slug}@round2",
            p.start.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")
        ));
        lines.push(format!("DTSTAMP:{stamp}"));
        lines.push(format!("DTSTART:{}", utc(p.start)));
        lines.push(format!(
            "DTEND:{}",
            utc(p.start + Duration::minutes(i64::from(p.minutes)))
        ));
        lines.push(format!(
            "SUMMARY:{}",
            escape(&format!("Practice: {}", p.label))
        ));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_chars_whole() {
        let long = format!("SUMMARY:{}", "é".repeat(80));
        let folded = fold(&long);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn folding_does_not_break_beside_a_space() {
        let words = format!("DESCRIPTION:{}", "a round two at Cedar ".repeat(12));
        let folded = fold(words.trim_end());
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75);
            assert!(!physical.ends_with(' '), "{physical:?}");
            assert!(!physical.starts_with("  "), "{physical:?}");
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), words.trim_end());
        // One long word still folds.
        assert!(fold(&"x".repeat(200)).split("\r\n").all(|l| l.len() <= 75));
    }
}
