//! The cheat sheet as a PDF of exactly one A4 page, made offline: DejaVu Sans
//! (committed under `fonts/`, Bitstream Vera licence) is subset and embedded
//! as a CID font with a ToUnicode map, so the text can be searched and
//! extracted. When the content does not fit, the least important items are
//! left out and listed in [`PdfSheet::left_out`].

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::sheet::{CheatSheet, ARRIVE};
use crate::DocumentError;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 36.0;
const BODY: f32 = 8.6;
const LEADING: f32 = 1.28;

/// A rendered one-page PDF and what did not fit on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfSheet {
    pub bytes: Vec<u8>,
    /// Items left out to fit one page, least important first.
    pub left_out: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Face {
    Regular,
    Bold,
}

struct Line {
    face: Face,
    size: f32,
    x: f32,
    text: String,
    gap_before: f32,
}

struct Fonts<'a> {
    regular: ttf_parser::Face<'a>,
    bold: ttf_parser::Face<'a>,
}

impl<'a> Fonts<'a> {
    fn load() -> Result<Fonts<'static>, DocumentError> {
        let parse = |d: &'static [u8]| {
            ttf_parser::Face::parse(d, 0).map_err(|e| DocumentError::Font(e.to_string()))
        };
        Ok(Fonts {
            regular: parse(REGULAR)?,
            bold: parse(BOLD)?,
        })
    }

    fn face(&self, f: Face) -> &ttf_parser::Face<'a> {
        match f {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    fn glyph(&self, f: Face, c: char) -> u16 {
        self.face(f).glyph_index(c).map_or(0, |g| g.0)
    }

    /// Advance width of a glyph in thousandths of an em.
    fn advance(&self, f: Face, gid: u16) -> f32 {
        let face = self.face(f);
        let upem = f32::from(face.units_per_em());
        f32::from(
            face.glyph_hor_advance(ttf_parser::GlyphId(gid))
                .unwrap_or(0),
        ) * 1000.0
            / upem
    }

    fn width(&self, f: Face, size: f32, text: &str) -> f32 {
        text.chars()
            .map(|c| self.advance(f, self.glyph(f, c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// Splits `text` into lines no wider than `max`.
    fn wrap(&self, f: Face, size: f32, text: &str, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in text.split_whitespace() {
            let candidate = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if self.width(f, size, &candidate) <= max || cur.is_empty() {
                cur = candidate;
            } else {
                lines.push(std::mem::take(&mut cur));
                cur = word.to_string();
            }
        }
        if !cur.is_empty() {
            lines.push(cur);
        }
        lines
    }
}

fn layout(sheet: &CheatSheet, fonts: &Fonts<'_>) -> Vec<Line> {
    let width = PAGE_W - 2.0 * MARGIN;
    let mut lines = Vec::new();
    let push = |face, size, x: f32, text: &str, gap: f32, lines: &mut Vec<Line>| {
        for (i, l) in fonts
            .wrap(face, size, text, width - x)
            .into_iter()
            .enumerate()
        {
            lines.push(Line {
                face,
                size,
                x,
                text: l,
                gap_before: if i == 0 { gap } else { 0.0 },
            });
        }
    };
    push(Face::Bold, 13.0, 0.0, &sheet.heading, 0.0, &mut lines);
    let mut logistics = Vec::new();
    if let Some(w) = &sheet.when {
        logistics.push(format!("When: {w}"));
    }
    if let Some(p) = &sheet.place {
        logistics.push(format!("Where: {p}"));
    }
    logistics.push(format!("{ARRIVE}."));
    push(
        Face::Bold,
        BODY,
        0.0,
        &logistics.join("   ·   "),
        2.0,
        &mut lines,
    );
    let section = |title: &str, items: Vec<String>, lines: &mut Vec<Line>| {
        if items.is_empty() {
            return;
        }
        push(Face::Bold, 10.0, 0.0, title, 6.0, lines);
        for item in items {
            // The bullet hangs: wrapped lines align with the text.
            let first_len = lines.len();
            push(Face::Regular, BODY, 9.0, &item, 1.0, lines);
            if let Some(l) = lines.get_mut(first_len) {
                l.text = format!("•\u{2002}{}", l.text);
                l.x = 0.0;
            }
        }
    };
    section(
        "Who you meet",
        sheet
            .meet
            .iter()
            .map(|m| {
                let title = m
                    .title
                    .as_deref()
                    .map(|t| format!(", {t}"))
                    .unwrap_or_default();
                format!(
                    "{}{title} ({}): {}",
                    m.name,
                    if m.returning { "returning" } else { "new" },
                    m.recap.text
                )
            })
            .collect(),
        &mut lines,
    );
    section(
        "Talking points",
        sheet
            .talking_points
            .iter()
            .map(|p| format!("{} [{}]", p.line.text, short_cite(&p.line.sources)))
            .collect(),
        &mut lines,
    );
    section(
        "Stories for likely questions",
        sheet
            .stories
            .iter()
            .map(|s| format!("{} → {}: {}", s.question, s.story_title, s.result_line))
            .collect(),
        &mut lines,
    );
    section(
        "Questions to ask",
        sheet
            .questions
            .iter()
            .map(|(t, q)| format!("{q} ({t})"))
            .collect(),
        &mut lines,
    );
    section(
        "Day-of checklist",
        sheet
            .checklist
            .iter()
            .map(|c| format!("☐ {}", c.text))
            .chain(std::iter::once(format!("☐ {ARRIVE}")))
            .collect(),
        &mut lines,
    );
    lines
}

fn height(lines: &[Line]) -> f32 {
    lines.iter().map(|l| l.gap_before + l.size * LEADING).sum()
}

impl CheatSheet {
    /// The cheat sheet as a one-page A4 PDF with embedded, subset fonts.
    pub fn to_pdf(&self) -> Result<PdfSheet, DocumentError> {
        let fonts = Fonts::load()?;
        let mut sheet = self.clone();
        let mut left_out = Vec::new();
        let mut lines = layout(&sheet, &fonts);
        while height(&lines) > PAGE_H - 2.0 * MARGIN {
            match sheet.trim_once() {
                Some(what) => left_out.push(what),
                None => {
                    // Only what must stay is left: cut the bottom lines.
                    while height(&lines) > PAGE_H - 2.0 * MARGIN {
                        if let Some(l) = lines.pop() {
                            left_out.push(format!("line: {}", l.text));
                        } else {
                            break;
                        }
                    }
                    break;
                }
            }
            lines = layout(&sheet, &fonts);
        }
        let bytes = write_pdf(&lines, &fonts, &sheet.heading)?;
        Ok(PdfSheet { bytes, left_out })
    }
}

fn write_pdf(lines: &[Line], fonts: &Fonts<'_>, title: &str) -> Result<Vec<u8>, DocumentError> {
    // Glyphs used per face, with the character each stands for.
    let mut used: BTreeMap<Face, BTreeMap<u16, char>> = BTreeMap::new();
    for l in lines {
        for c in l.text.chars() {
            let g = fonts.glyph(l.face, c);
            used.entry(l.face).or_default().entry(g).or_insert(c);
        }
    }
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let pages = alloc.bump();
    let page = alloc.bump();
    let content_id = alloc.bump();
    let info_id = alloc.bump();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    pdf.document_info(info_id)
        .title(TextStr(title))
        .producer(TextStr("round2"));

    let mut font_refs = Vec::new();
    let mut remappers = BTreeMap::new();
    for (face, glyphs) in &used {
        let data: &[u8] = match face {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
        };
        let mut remapper = subsetter::GlyphRemapper::new();
        for g in glyphs.keys() {
            remapper.remap(*g);
        }
        let subset = subsetter::subset(data, 0, &remapper)
            .map_err(|e| DocumentError::Font(format!("{e:?}")))?;
        let ttf = fonts.face(*face);
        let upem = f32::from(ttf.units_per_em());
        let scale = |v: i16| f32::from(v) * 1000.0 / upem;
        let (name, base): (&[u8], &[u8]) = match face {
            Face::Regular => (b"F1", b"RTWOAA+DejaVuSans"),
            Face::Bold => (b"F2", b"RTWOAB+DejaVuSans-Bold"),
        };
        let type0 = alloc.bump();
        let cid = alloc.bump();
        let descriptor = alloc.bump();
        let file = alloc.bump();
        let cmap_id = alloc.bump();
        let system = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(type0)
            .base_font(Name(base))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap_id);
        let mut cid_font = pdf.cid_font(cid);
        cid_font
            .subtype(CidFontType::Type2)
            .base_font(Name(base))
            .system_info(system)
            .font_descriptor(descriptor)
            .default_width(0.0)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        {
            let mut widths = cid_font.widths();
            for g in glyphs.keys() {
                if let Some(new) = remapper.get(*g) {
                    widths.consecutive(new, [fonts.advance(*face, *g)]);
                }
            }
        }
        cid_font.finish();
        let bbox = ttf.global_bounding_box();
        pdf.font_descriptor(descriptor)
            .name(Name(base))
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                scale(bbox.x_min),
                scale(bbox.y_min),
                scale(bbox.x_max),
                scale(bbox.y_max),
            ))
            .italic_angle(0.0)
            .ascent(scale(ttf.ascender()))
            .descent(scale(ttf.descender()))
            .cap_height(scale(ttf.capital_height().unwrap_or(ttf.ascender())))
            .stem_v(if *face == Face::Bold { 140.0 } else { 80.0 })
            .font_file2(file);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
        pdf.stream(file, &compressed)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), subset.len() as i32);
        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system);
        for (g, c) in glyphs {
            if let Some(new) = remapper.get(*g) {
                cmap.pair(new, *c);
            }
        }
        let cmap_data = cmap.finish();
        pdf.cmap(cmap_id, &cmap_data);
        font_refs.push((name, type0));
        remappers.insert(*face, (name, remapper));
    }

    let mut content = Content::new();
    let mut y = PAGE_H - MARGIN;
    for l in lines {
        y -= l.gap_before + l.size * LEADING;
        let Some((name, remapper)) = remappers.get(&l.face) else {
            continue;
        };
        let mut encoded = Vec::with_capacity(l.text.len() * 2);
        for c in l.text.chars() {
            let g = remapper.get(fonts.glyph(l.face, c)).unwrap_or(0);
            encoded.extend_from_slice(&g.to_be_bytes());
        }
        if l.face == Face::Bold && l.size >= 10.0 {
            content.set_fill_rgb(0.12, 0.3, 0.45);
        } else {
            content.set_fill_rgb(0.0, 0.0, 0.0);
        }
        content
            .begin_text()
            .set_font(Name(name), l.size)
            .next_line(MARGIN + l.x, y + l.size * 0.25)
            .show(Str(&encoded))
            .end_text();
    }
    let content_data = miniz_oxide::deflate::compress_to_vec_zlib(&content.finish(), 6);
    pdf.stream(content_id, &content_data)
        .filter(Filter::FlateDecode);

    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
        .parent(pages)
        .contents(content_id);
    {
        let mut res = p.resources();
        let mut f = res.fonts();
        for (name, id) in &font_refs {
            f.pair(Name(name), *id);
        }
    }
    p.finish();
    Ok(pdf.finish())
}

/// Sources, shortened for paper: a requirement is cited as "posting".
fn short_cite(sources: &[crate::Source]) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in sources {
        let t = match s {
            crate::Source::Requirement { .. } => "posting".to_string(),
            other => other.to_string(),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out.join("; ")
}
