//! The one-page cheat sheet: who you meet, talking points, stories for likely
//! questions, questions to ask, logistics and the day-of checklist. Rendered
//! as Markdown, as self-contained HTML for the phone, and as a one-page PDF
//! (see [`crate::pdf`]).

use crate::checklist::{day_of_checklist, ChecklistEntry, ChecklistOrigin};
use crate::input::{SheetInput, StoryPick};
use crate::memory::interviewer_memory;
use crate::source::{Source, SourcedLine};
use crate::talking_points::{talking_points, TalkingPoint, TalkingPointKind};

/// The reminder the method insists on.
pub const ARRIVE: &str = "Arrive 10-15 minutes early";

/// Someone you meet in the next round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetEntry {
    pub name: String,
    pub title: Option<String>,
    pub returning: bool,
    /// One line: what you discussed last time, or that they are new.
    pub recap: SourcedLine,
}

/// The cheat sheet's content, before rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheatSheet {
    /// "Role at Company, round N (kind)".
    pub heading: String,
    pub when: Option<String>,
    pub place: Option<String>,
    pub meet: Vec<MeetEntry>,
    pub talking_points: Vec<TalkingPoint>,
    pub stories: Vec<StoryPick>,
    pub questions: Vec<(String, String)>,
    pub checklist: Vec<ChecklistEntry>,
}

/// Builds the cheat sheet for the round being prepared for.
pub fn build_cheat_sheet(input: &SheetInput<'_>) -> CheatSheet {
    let pack = input.pack;
    let opp = &pack.opportunity;
    let number = pack.next_round_number();
    let round = input.next_round();
    let heading = match round {
        Some(r) => format!(
            "{} at {}: round {} ({})",
            opp.role, opp.company, r.number, r.kind
        ),
        None => format!("{} at {}: round {number}", opp.role, opp.company),
    };
    let memory = interviewer_memory(pack);
    let meet = round
        .map(|r| {
            r.interviewers
                .iter()
                .map(|p| {
                    let mem = memory.iter().find(|m| m.interviewer == p.name);
                    let returning = mem.is_some_and(|m| m.rounds.iter().any(|n| *n < number));
                    let recap = match mem.filter(|_| returning) {
                        Some(m) if !m.topics.is_empty() => SourcedLine::new(
                            format!(
                                "Returning. Last time {}",
                                m.topics
                                    .iter()
                                    .take(2)
                                    .map(|(t, _)| t.recalled())
                                    .collect::<Vec<_>>()
                                    .join("; ")
                            ),
                            m.topics.iter().take(2).map(|(_, s)| s.clone()).collect(),
                        ),
                        Some(_) => SourcedLine::new(
                            "Returning. No notes from last time",
                            vec![Source::Round { number }],
                        ),
                        None => SourcedLine::new(
                            "New: use your 30-second introduction",
                            vec![Source::Round { number }],
                        ),
                    };
                    MeetEntry {
                        name: p.name.clone(),
                        title: p.title.clone(),
                        returning,
                        recap,
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    CheatSheet {
        heading,
        when: round.and_then(|r| {
            r.date.map(|d| {
                let mut s = d.format("%A %e %B %Y, %H:%M (UTC%:z)").to_string();
                if let Some(m) = r.duration_minutes {
                    s.push_str(&format!(", {m} min"));
                }
                s.replace("  ", " ")
            })
        }),
        place: round.and_then(|r| r.place.clone()),
        meet,
        talking_points: talking_points(input),
        stories: input.story_picks.iter().take(5).cloned().collect(),
        questions: input.questions(),
        checklist: day_of_checklist(pack)
            .into_iter()
            .filter(|c| !c.done && c.text != ARRIVE)
            .collect(),
    }
}

impl CheatSheet {
    /// Removes the least important remaining item and says what it was, or
    /// `None` when only what must stay is left (names, gaps, open items,
    /// three stories, three questions, logistics).
    pub(crate) fn trim_once(&mut self) -> Option<String> {
        if let Some(i) = self
            .checklist
            .iter()
            .rposition(|c| c.origin == ChecklistOrigin::Method)
        {
            let c = self.checklist.remove(i);
            return Some(format!("checklist item: {}", c.text));
        }
        let worst = self
            .talking_points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == TalkingPointKind::Strength || p.priority >= 40)
            .max_by_key(|(i, p)| (p.priority, *i))
            .map(|(i, _)| i);
        if let Some(i) = worst {
            let p = self.talking_points.remove(i);
            return Some(format!("talking point: {}", p.line.text));
        }
        if self.stories.len() > 3 {
            let s = self.stories.pop()?;
            return Some(format!("story: {}", s.story_title));
        }
        if self.questions.len() > 3 {
            let (_, q) = self.questions.pop()?;
            return Some(format!("question to ask: {q}"));
        }
        if let Some(i) = self.checklist.len().checked_sub(1) {
            let c = self.checklist.remove(i);
            return Some(format!("checklist item: {}", c.text));
        }
        if let Some(i) = self
            .talking_points
            .iter()
            .rposition(|p| p.kind == TalkingPointKind::Gap)
        {
            let p = self.talking_points.remove(i);
            return Some(format!("talking point: {}", p.line.text));
        }
        None
    }

    /// The cheat sheet as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.heading);
        if let Some(w) = &self.when {
            out.push_str(&format!("**When:** {w}  \n"));
        }
        if let Some(p) = &self.place {
            out.push_str(&format!("**Where:** {p}  \n"));
        }
        out.push_str(&format!("**{ARRIVE}.**\n\n## Who you meet\n\n"));
        for m in &self.meet {
            let title = m
                .title
                .as_deref()
                .map(|t| format!(", {t}"))
                .unwrap_or_default();
            out.push_str(&format!("- **{}**{title}: {}\n", m.name, m.recap.text));
        }
        out.push_str("\n## Talking points\n\n");
        for p in &self.talking_points {
            out.push_str(&format!("- {} _({})_\n", p.line.text, p.line.cite()));
        }
        out.push_str("\n## Stories for likely questions\n\n");
        for s in &self.stories {
            out.push_str(&format!(
                "- *{}* → **{}**: {}\n",
                s.question, s.story_title, s.result_line
            ));
        }
        out.push_str("\n## Questions to ask\n\n");
        for (theme, q) in &self.questions {
            out.push_str(&format!("- {q} _({theme})_\n"));
        }
        out.push_str("\n## Day-of checklist\n\n");
        for c in &self.checklist {
            out.push_str(&format!("- [ ] {}\n", c.text));
        }
        out.push_str(&format!("- [ ] {ARRIVE}\n"));
        out
    }

    /// The cheat sheet as one self-contained HTML page: inline CSS, readable
    /// on a phone (viewport, single column, large tap targets), with a print
    /// stylesheet.
    pub fn to_html(&self) -> String {
        let e = escape_html;
        let mut b = String::new();
        b.push_str(&format!(
            "<h1>{}</h1>\n<p class=\"logistics\">",
            e(&self.heading)
        ));
        if let Some(w) = &self.when {
            b.push_str(&format!("<strong>When:</strong> {}<br>", e(w)));
        }
        if let Some(p) = &self.place {
            if p.starts_with("https://") || p.starts_with("http://") {
                b.push_str(&format!(
                    "<strong>Where:</strong> <a class=\"tap\" href=\"{0}\">{0}</a><br>",
                    e(p)
                ));
            } else {
                b.push_str(&format!("<strong>Where:</strong> {}<br>", e(p)));
            }
        }
        b.push_str(&format!(
            "<strong class=\"arrive\">{ARRIVE}.</strong></p>\n"
        ));
        b.push_str("<section><h2>Who you meet</h2><ul>\n");
        for m in &self.meet {
            let title = m
                .title
                .as_deref()
                .map(|t| format!(", {}", e(t)))
                .unwrap_or_default();
            b.push_str(&format!(
                "<li><strong>{}</strong>{title} <span class=\"tag\">{}</span><br>{}</li>\n",
                e(&m.name),
                if m.returning { "returning" } else { "new" },
                e(&m.recap.text)
            ));
        }
        b.push_str("</ul></section>\n<section><h2>Talking points</h2><ul>\n");
        for p in &self.talking_points {
            b.push_str(&format!(
                "<li>{}<br><small>from {}</small></li>\n",
                e(&p.line.text),
                e(&p.line.cite())
            ));
        }
        b.push_str("</ul></section>\n<section><h2>Stories for likely questions</h2><ul>\n");
        for s in &self.stories {
            b.push_str(&format!(
                "<li><em>{}</em><br><strong>{}</strong>: {}</li>\n",
                e(&s.question),
                e(&s.story_title),
                e(&s.result_line)
            ));
        }
        b.push_str("</ul></section>\n<section><h2>Questions to ask</h2><ul>\n");
        for (theme, q) in &self.questions {
            b.push_str(&format!(
                "<li>{} <span class=\"tag\">{}</span></li>\n",
                e(q),
                e(theme)
            ));
        }
        b.push_str("</ul></section>\n<section><h2>Day-of checklist</h2><ul class=\"check\">\n");
        let items = self
            .checklist
            .iter()
            .map(|c| c.text.as_str())
            .chain(std::iter::once(ARRIVE));
        for (i, t) in items.enumerate() {
            b.push_str(&format!(
                "<li><label class=\"tap\"><input type=\"checkbox\" id=\"c{i}\"> {}</label></li>\n",
                e(t)
            ));
        }
        b.push_str("</ul></section>\n");
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{b}</main>\n</body>\n</html>\n",
            e(&self.heading)
        )
    }
}

const CSS: &str = "body{margin:0;font:17px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem;border-bottom:2px solid #2a6f97;padding-bottom:.2rem}
ul{padding-left:1.1rem;margin:0}
li{margin:.45rem 0}
small{color:#555}
.tag{display:inline-block;font-size:.8rem;background:#e8f1f6;color:#2a6f97;border-radius:.6rem;padding:0 .5rem}
.arrive{color:#a33}
.tap{display:inline-flex;align-items:center;min-height:48px;padding:.25rem 0}
a.tap{word-break:break-all}
ul.check{list-style:none;padding-left:0}
ul.check input{width:1.5rem;height:1.5rem;margin-right:.6rem}
@media print{body{font-size:10pt}main{max-width:none;padding:0}h2{margin-top:.6rem}
.tap{min-height:0}ul.check input{width:auto;height:auto}a{color:inherit;text-decoration:none}
section{break-inside:avoid}@page{size:A4;margin:12mm}}
";

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
