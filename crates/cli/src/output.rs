//! Human output for a terminal, and JSON for scripts.

use std::io::Write;

use anyhow::Result;
use round2_core::{Note, Opportunity, PrepPack, Round, Story};
use serde::Serialize;

pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Left-aligned columns, two spaces apart, header underlined.
pub fn table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| -> String {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    writeln!(
        out,
        "{}",
        line(widths.iter().map(|w| "-".repeat(*w)).collect())
    )?;
    for row in rows {
        writeln!(out, "{}", line(row.clone()))?;
    }
    Ok(())
}

pub fn opportunity_row(o: &Opportunity) -> Vec<String> {
    vec![
        o.slug.clone(),
        o.company.clone(),
        o.role.clone(),
        o.stage.to_string(),
    ]
}

pub fn round_line(r: &Round) -> String {
    let when = r
        .date
        .map(|d| d.format("%a %e %b %Y %H:%M %:z").to_string())
        .unwrap_or_else(|| "date not set".into());
    let place = r
        .place
        .as_deref()
        .map(|p| format!(" at {p}"))
        .unwrap_or_default();
    let people: Vec<String> = r
        .interviewers
        .iter()
        .map(|i| match &i.title {
            Some(t) => format!("{} ({t})", i.name),
            None => i.name.clone(),
        })
        .collect();
    let with = if people.is_empty() {
        String::new()
    } else {
        format!(" with {}", people.join(", "))
    };
    format!("Round {} · {} · {when}{place}{with}", r.number, r.kind)
}

pub fn note_line(n: &Note) -> String {
    let who = n
        .interviewer
        .as_deref()
        .map(|w| format!(" [{w}]"))
        .unwrap_or_default();
    let story = n
        .story
        .as_deref()
        .map(|s| format!(" (story: {s})"))
        .unwrap_or_default();
    format!("#{:<4} {:<9}{who}{story} {}", n.id, n.kind.as_str(), n.text)
}

pub fn story_block(out: &mut dyn Write, s: &Story) -> Result<()> {
    writeln!(out, "#{} {}", s.id, s.title)?;
    for (label, text) in [
        ("Situation", &s.situation),
        ("Task", &s.task),
        ("Action", &s.action),
        ("Result", &s.result),
    ] {
        if !text.is_empty() {
            writeln!(out, "  {label:<9} {text}")?;
        }
    }
    if !s.tags.is_empty() {
        writeln!(out, "  Tags      {}", s.tags.join(", "))?;
    }
    Ok(())
}

pub fn pack(out: &mut dyn Write, p: &PrepPack) -> Result<()> {
    let o = &p.opportunity;
    writeln!(
        out,
        "{} — {}  [{}]  ({})",
        o.company, o.role, o.stage, o.slug
    )?;
    if let Some(url) = &o.url {
        writeln!(out, "{url}")?;
    }
    let words = o.job_description.split_whitespace().count();
    writeln!(out, "Posting: {words} words")?;
    if !p.research.is_empty() {
        writeln!(out, "\nResearch")?;
        for r in &p.research {
            let src = r
                .source
                .as_deref()
                .map(|s| format!(" <{s}>"))
                .unwrap_or_default();
            writeln!(out, "  #{} {}: {}{src}", r.id, r.section, r.text)?;
        }
    }
    for r in &p.rounds {
        writeln!(out, "\n{}", round_line(r))?;
        for n in p.notes_of_round(r.number) {
            writeln!(out, "  {}", note_line(n))?;
        }
    }
    if !p.stories.is_empty() {
        writeln!(out, "\nStories")?;
        for s in &p.stories {
            writeln!(out, "  #{} {}", s.id, s.title)?;
        }
    }
    if !p.questions_to_ask.is_empty() {
        writeln!(out, "\nQuestions to ask")?;
        for q in &p.questions_to_ask {
            let mark = if q.asked { "x" } else { " " };
            writeln!(out, "  [{mark}] #{} ({}) {}", q.id, q.theme, q.text)?;
        }
    }
    if !p.checklist.is_empty() {
        writeln!(out, "\nChecklist")?;
        for c in &p.checklist {
            let mark = if c.done { "x" } else { " " };
            writeln!(out, "  [{mark}] #{} {}", c.id, c.text)?;
        }
    }
    Ok(())
}

/// Standard output with stored text made safe for a terminal: control
/// characters (ESC, CR, BEL, backspace…) that a name or note could hold are
/// shown as `\u{1b}`-style escapes, so no record can move the cursor, clear
/// the screen or retitle the window. round2's own colours (SGR sequences,
/// `ESC [ digits m`) pass; newlines and tabs pass.
pub struct Sanitize<W: Write> {
    inner: W,
    /// A sequence begun but not yet finished (split across writes).
    pending: Vec<u8>,
}

impl<W: Write> Sanitize<W> {
    pub fn new(inner: W) -> Self {
        Sanitize {
            inner,
            pending: Vec::new(),
        }
    }

    fn escaped(&mut self, b: u8) -> std::io::Result<()> {
        write!(self.inner, "\\u{{{b:x}}}")
    }

    /// Writes what is pending as plain (escaped) text.
    fn spill(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        if let Some((&esc, rest)) = pending.split_first() {
            self.escaped(esc)?;
            self.inner.write_all(rest)?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Sanitize<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // Runs of ordinary bytes go out in one piece.
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if !self.pending.is_empty() {
                start = i + 1;
                let in_csi = self.pending.len() >= 2;
                match b {
                    b'[' if !in_csi => {
                        self.pending.push(b);
                        continue;
                    }
                    b'0'..=b'9' | b';' if in_csi && self.pending.len() < 16 => {
                        self.pending.push(b);
                        continue;
                    }
                    b'm' if in_csi => {
                        self.pending.push(b);
                        let seq = std::mem::take(&mut self.pending);
                        self.inner.write_all(&seq)?;
                        continue;
                    }
                    _ => self.spill()?,
                }
                start = i;
            }
            if matches!(b, 0x00..=0x08 | 0x0b..=0x1f | 0x7f) {
                self.inner.write_all(&buf[start..i])?;
                start = i + 1;
                if b == 0x1b {
                    self.pending.push(b);
                } else {
                    self.escaped(b)?;
                }
            }
        }
        if self.pending.is_empty() {
            self.inner.write_all(&buf[start.min(buf.len())..])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.spill()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Sanitize<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod sanitize_tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut s = Sanitize::new(&mut out);
            for c in chunks {
                s.write_all(c).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn colours_pass_and_other_controls_are_shown() {
        assert_eq!(through(&[b"\x1b[31mGAP\x1b[0m\n"]), "\x1b[31mGAP\x1b[0m\n");
        assert_eq!(through(&[b"a\x1b[2Jb"]), "a\\u{1b}[2Jb");
        assert_eq!(through(&[b"x\ry\x07"]), "x\\u{d}y\\u{7}");
        assert_eq!(through(&[b"\x1b]0;title\x07"]), "\\u{1b}]0;title\\u{7}");
        // A sequence split across writes, and one left open at the end.
        assert_eq!(through(&[b"\x1b[3", b"2mok"]), "\x1b[32mok");
        assert_eq!(through(&[b"end\x1b["]), "end\\u{1b}[");
        assert_eq!(through(&["café ✓".as_bytes()]), "café ✓");
    }
}
