//! Human output for a diagnostic with a label on a very long line.
//!
//! ariadne draws the whole source line under each label, and its arrows as
//! wide as the line up to the label: on a line of 40,000 characters every
//! diagnostic would print several times 40,000 characters, and a line
//! holding thousands of diagnostics would cost time and output in the
//! square of its length. So, as rustc does, such a line is cut: each label
//! is drawn with [`Limits::context`] characters on either side, a label
//! longer than [`Limits::max_label`] characters is shown up to that, and
//! `...` marks where the line goes on. Labels of one line close enough to
//! share their context are drawn in one window; labels farther apart in
//! windows of their own, each with its own location, as labels on lines
//! far apart are.
//!
//! A diagnostic with any label on a long line is drawn here entirely: its
//! header, a section per window (or per short line, drawn whole), its help
//! lines and its closing line look as ariadne draws them, and ariadne
//! itself draws each window's text and arrows (on a one-line source made
//! of the window), whose margins are then given the true line number. The
//! header of each section gives the true line and column, in characters,
//! as ariadne does. A label spanning lines is drawn on its first line only.

use std::io::{self, Write};

use ariadne::{Color, Config, Fmt, IndexType, Label, Report, ReportKind, Source};
use parley_syntax::{LineIndex, Span};

/// Where lines are cut.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A line with more characters than this is cut around its labels;
    /// shorter ones are drawn whole, as ariadne draws them.
    pub long_line: usize,
    /// Characters shown on either side of a label on a cut line.
    pub context: usize,
    /// A longer label on a cut line is shown up to this many characters.
    pub max_label: usize,
}

/// The limits `parley check` draws with.
pub const LIMITS: Limits = Limits {
    long_line: 500,
    context: 40,
    max_label: 80,
};

/// Marks where a cut line goes on.
const CUT: &str = "...";

/// Everything a report says besides its labels.
pub struct Frame<'a> {
    pub name: &'a str,
    pub code: &'a str,
    pub kind: ReportKind<'a>,
    pub message: &'a str,
    pub helps: &'a [String],
    pub color: bool,
}

/// One label, the primary first.
pub struct CutLabel<'a> {
    /// Clamped to the text, on character boundaries.
    pub span: Span,
    pub message: &'a str,
    pub color: Color,
    pub priority: i32,
}

/// A line as ariadne splits the text: its 1-based number, where it starts
/// and where its content ends (before its line break), in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LineAt {
    number: usize,
    start: usize,
    end: usize,
    /// Characters of its content.
    chars: usize,
}

fn line_at(source: &Source<&str>, offset: usize) -> Option<LineAt> {
    let (line, index, column) = source.get_byte_line(offset)?;
    let start = offset.checked_sub(column)?;
    let with_break = source.get_line_text(line)?;
    let content = without_line_break(with_break);
    let break_chars = with_break.get(content.len()..)?.chars().count();
    Some(LineAt {
        number: index + 1,
        start,
        end: start + content.len(),
        chars: line.len().saturating_sub(break_chars),
    })
}

/// A line's text without the line break ariadne ended it at.
fn without_line_break(line: &str) -> &str {
    if let Some(content) = line.strip_suffix("\r\n") {
        return content;
    }
    match line.chars().next_back() {
        Some(ch @ ('\r' | '\n' | '\x0B' | '\x0C' | '\u{0085}' | '\u{2028}' | '\u{2029}')) => {
            line.strip_suffix(ch).unwrap_or(line)
        }
        _ => line,
    }
}

/// Whether a span starts or ends on a line longer than `limits.long_line`.
///
/// Most lines are short, and the index tells so first: ariadne ends a line
/// wherever the index does and at a few more characters, so its line is
/// part of the index's, and a line of the index with at most
/// `limits.long_line` bytes holds no longer line of ariadne's.
pub fn touches_long_line(
    source: &Source<&str>,
    index: &LineIndex,
    span: Span,
    limits: &Limits,
) -> bool {
    let last = span.end().saturating_sub(1).max(span.start());
    [span.start(), last]
        .into_iter()
        .filter(|&offset| !on_short_indexed_line(index, offset, limits))
        .filter_map(|offset| line_at(source, offset))
        .any(|line| line.chars > limits.long_line)
}

/// Whether the index's line of `offset`, line break included, has at most
/// `limits.long_line` bytes. Not said of the end of the text, which
/// ariadne places on the line a final line break ends and the index on the
/// empty line after it.
fn on_short_indexed_line(index: &LineIndex, offset: usize, limits: &Limits) -> bool {
    if offset >= index.text().len() {
        return false;
    }
    let line = index.line_of(offset);
    let start = index.line_start(line).unwrap_or(0);
    let next = index
        .line_start(line.saturating_add(1))
        .unwrap_or(index.text().len());
    next.saturating_sub(start) <= limits.long_line
}

/// A window of one line and the labels drawn in it.
struct Piece {
    line: LineAt,
    from: usize,
    to: usize,
    /// Indices into the labels.
    labels: Vec<usize>,
}

/// Draws one diagnostic, cutting its long lines.
pub fn render(
    source: &Source<&str>,
    index: &LineIndex,
    frame: &Frame<'_>,
    labels: &[CutLabel<'_>],
    limits: &Limits,
    out: &mut impl Write,
) -> io::Result<()> {
    let text = source.text();
    let pieces = pieces(source, index, labels, limits);
    let paint = Paint::new(frame.color);
    let width = pieces
        .iter()
        .map(|piece| digits(piece.line.number))
        .max()
        .unwrap_or(1);

    let kind_color = match frame.kind {
        ReportKind::Error => paint.some(Color::Red),
        ReportKind::Warning => paint.some(Color::Yellow),
        ReportKind::Advice => paint.some(Color::Fixed(147)),
        ReportKind::Custom(_, color) => Some(color),
    };
    let id = format!("[{}] {}:", frame.code, frame.kind);
    writeln!(out, "{} {}", id.fg(kind_color), frame.message)?;

    for (number, piece) in pieces.iter().enumerate() {
        // Where the section points: the primary label's start in its own
        // section, else the start of the label that ends first.
        let location = if piece.labels.contains(&0) {
            labels
                .first()
                .map_or(piece.from, |label| label.span.start())
        } else {
            piece
                .labels
                .iter()
                .filter_map(|&at| labels.get(at))
                .map(|label| (label.span.end(), label.span.start()))
                .min()
                .map_or(piece.from, |(_, start)| start)
        };
        let column = line_at(source, location).map_or(0, |line| {
            index
                .chars_before(location)
                .saturating_sub(index.chars_before(line.start))
        });
        let corner = if number == 0 { '╭' } else { '├' };
        writeln!(
            out,
            "{}{}{}{} {}:{}:{} {}",
            " ".repeat(width + 2),
            corner.fg(paint.margin()),
            '─'.fg(paint.margin()),
            '['.fg(paint.margin()),
            frame.name,
            piece.line.number,
            column + 1,
            ']'.fg(paint.margin()),
        )?;
        writeln!(out, "{}{}", " ".repeat(width + 2), '│'.fg(paint.margin()))?;
        for row in rows(text, piece, labels, frame.color) {
            write_row(out, &row, piece.line.number, width, &paint)?;
        }
        if number + 1 < pieces.len() {
            writeln!(out, "{}{}", " ".repeat(width + 2), '│'.fg(paint.margin()))?;
        }
    }

    let blank_margin = format!(
        " {} ",
        format!("{}│", " ".repeat(width + 1)).fg(paint.skipped())
    );
    for (number, help) in frame.helps.iter().enumerate() {
        let prefix = if frame.helps.len() > 1 {
            format!("Help {}", number + 1)
        } else {
            "Help".to_string()
        };
        writeln!(out, "{blank_margin}")?;
        let mut lines = help.lines();
        if let Some(line) = lines.next() {
            writeln!(
                out,
                "{blank_margin}{}: {line}",
                prefix.as_str().fg(paint.note())
            )?;
        }
        for line in lines {
            writeln!(
                out,
                "{blank_margin}{:>pad$}{line}",
                "",
                pad = prefix.len() + 2
            )?;
        }
    }
    writeln!(
        out,
        "{}",
        format!("{}╯", "─".repeat(width + 2)).fg(paint.margin())
    )?;
    Ok(())
}

/// The windows to draw: the primary label's first, then the others in the
/// order of the text.
fn pieces(
    source: &Source<&str>,
    index: &LineIndex,
    labels: &[CutLabel<'_>],
    limits: &Limits,
) -> Vec<Piece> {
    let text = source.text();
    // Each label on the line it starts on, clipped to that line.
    let mut placed: Vec<(LineAt, usize, usize, usize)> = labels
        .iter()
        .enumerate()
        .filter_map(|(at, label)| {
            let line = line_at(source, label.span.start())?;
            let start = label.span.start().clamp(line.start, line.end);
            let end = label.span.end().clamp(start, line.end);
            Some((line, start, end, at))
        })
        .collect();
    placed.sort_by_key(|&(line, start, end, at)| (line.start, start, end, at));

    let chars_between = |from: usize, to: usize| {
        index
            .chars_before(to)
            .saturating_sub(index.chars_before(from))
    };
    let mut pieces: Vec<Piece> = Vec::new();
    for (line, start, end, at) in placed {
        if line.chars <= limits.long_line {
            match pieces.last_mut() {
                Some(piece) if piece.line == line => piece.labels.push(at),
                _ => pieces.push(Piece {
                    line,
                    from: line.start,
                    to: line.end,
                    labels: vec![at],
                }),
            }
            continue;
        }
        // The label as shown: at most `max_label` characters of it.
        let shown_end = text
            .get(start..end)
            .and_then(|label| label.char_indices().nth(limits.max_label))
            .map_or(end, |(past, _)| start + past);
        match pieces.last_mut() {
            // Close enough to the window before for their contexts to meet.
            Some(piece)
                if piece.line == line
                    && chars_between(piece.to.min(start), start) <= 2 * limits.context =>
            {
                piece.to = piece.to.max(shown_end);
                piece.labels.push(at);
            }
            _ => pieces.push(Piece {
                line,
                from: start,
                to: shown_end,
                labels: vec![at],
            }),
        }
    }
    // Widen each window of a long line by its context, within its line.
    for piece in &mut pieces {
        if piece.line.chars <= limits.long_line {
            continue;
        }
        if let Some(back) = limits.context.checked_sub(1) {
            let before = text.get(piece.line.start..piece.from).unwrap_or_default();
            piece.from = before
                .char_indices()
                .nth_back(back)
                .map_or(piece.line.start, |(at, _)| piece.line.start + at);
        }
        let after = text.get(piece.to..piece.line.end).unwrap_or_default();
        piece.to = after
            .char_indices()
            .nth(limits.context)
            .map_or(piece.line.end, |(at, _)| piece.to + at);
    }
    // The primary label's window first.
    if let Some(primary) = pieces.iter().position(|piece| piece.labels.contains(&0)) {
        let piece = pieces.remove(primary);
        pieces.insert(0, piece);
    }
    pieces
}

/// ariadne's drawing of a window and its labels: the line, then the rows of
/// underlines and arrows, each still with ariadne's margin for line 1.
fn rows(text: &str, piece: &Piece, labels: &[CutLabel<'_>], color: bool) -> Vec<String> {
    let cut_before = piece.from > piece.line.start;
    let cut_after = piece.to < piece.line.end;
    let mut window = String::new();
    if cut_before {
        window.push_str(CUT);
    }
    window.push_str(text.get(piece.from..piece.to).unwrap_or_default());
    if cut_after {
        window.push_str(CUT);
    }
    let shift = if cut_before { CUT.len() } else { 0 };
    let local = |offset: usize| offset.clamp(piece.from, piece.to) - piece.from + shift;

    // In the order ariadne is given them: by where they end, then start.
    let mut ordered = piece.labels.clone();
    ordered.sort_by_key(|&at| {
        labels
            .get(at)
            .map(|label| (label.span.end(), label.span.start()))
    });
    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let mut report = Report::build(ReportKind::Error, 0..0).with_config(config);
    for at in ordered {
        let Some(label) = labels.get(at) else {
            continue;
        };
        let start = local(label.span.start());
        let end = local(label.span.end()).max(start);
        report.add_label(
            Label::new(start..end)
                .with_message(label.message)
                .with_color(label.color)
                .with_priority(label.priority),
        );
    }
    let mut drawn = Vec::new();
    if report
        .finish()
        .write(Source::from(window.as_str()), &mut drawn)
        .is_err()
    {
        return Vec::new();
    }
    // ariadne's header, location and blank margin come first and its
    // closing line last: keep what is between.
    let drawn = String::from_utf8_lossy(&drawn);
    let lines: Vec<&str> = drawn.lines().collect();
    lines
        .get(3..lines.len().saturating_sub(1))
        .unwrap_or_default()
        .iter()
        .map(|line| line.to_string())
        .collect()
}

/// Writes a row drawn for line 1 of a one-line source with the margin of
/// `line` in a margin `width` digits wide.
fn write_row(
    out: &mut impl Write,
    row: &str,
    line: usize,
    width: usize,
    paint: &Paint,
) -> io::Result<()> {
    let source_row = format!(" {} ", "1 │".fg(paint.margin()));
    let other_row = format!(" {} ", "  │".fg(paint.skipped()));
    if let Some(rest) = row.strip_prefix(&source_row) {
        let number = line.to_string();
        let margin = format!(
            "{}{number} │",
            " ".repeat(width.saturating_sub(number.len()))
        );
        writeln!(out, " {} {rest}", margin.fg(paint.margin()))
    } else if let Some(rest) = row.strip_prefix(&other_row) {
        let margin = format!("{}│", " ".repeat(width + 1));
        writeln!(out, " {} {rest}", margin.fg(paint.skipped()))
    } else {
        writeln!(out, "{row}")
    }
}

/// ariadne's colours for what is not a label, when colouring.
struct Paint {
    color: bool,
}

impl Paint {
    fn new(color: bool) -> Self {
        Paint { color }
    }

    fn some(&self, color: Color) -> Option<Color> {
        self.color.then_some(color)
    }

    fn margin(&self) -> Option<Color> {
        self.some(Color::Fixed(246))
    }

    fn skipped(&self) -> Option<Color> {
        self.some(Color::Fixed(240))
    }

    fn note(&self) -> Option<Color> {
        self.some(Color::Fixed(115))
    }
}

/// The digits of a line number, as wide as ariadne makes its margin.
fn digits(number: usize) -> usize {
    number.to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`touches_long_line`] as ariadne alone tells it.
    fn touches_by_ariadne(source: &Source<&str>, span: Span, limits: &Limits) -> bool {
        let last = span.end().saturating_sub(1).max(span.start());
        [span.start(), last]
            .into_iter()
            .filter_map(|offset| line_at(source, offset))
            .any(|line| line.chars > limits.long_line)
    }

    #[test]
    fn the_end_of_a_text_after_a_long_line_is_on_it() {
        let text = format!("{}\n", "x".repeat(600));
        let source = Source::from(text.as_str());
        let index = LineIndex::new(&text);
        let at_end = Span::empty(text.len());
        assert!(touches_by_ariadne(&source, at_end, &LIMITS));
        assert!(touches_long_line(&source, &index, at_end, &LIMITS));
        assert!(!touches_long_line(
            &source,
            &index,
            at_end,
            &Limits {
                long_line: 600,
                ..LIMITS
            }
        ));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Asking the line index first changes no answer.
        #[test]
        fn the_index_tells_short_lines_as_ariadne_would(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "c ", "é", "😀", "\n", "\r\n", "\r", "\x0B", "\u{2028}", "\u{0085}",
                    "xxxxxxxxxxxxxxxx",
                ]),
                0..60,
            ),
            spans in proptest::collection::vec((0usize..500, 0usize..40), 1..8),
            long_line in 0usize..40,
        ) {
            let text: String = parts.concat();
            let source = Source::from(text.as_str());
            let index = LineIndex::new(&text);
            let limits = Limits { long_line, ..LIMITS };
            for (start, len) in spans {
                let span = crate::render::clamp(Span::new(start, start + len), &text);
                proptest::prop_assert_eq!(
                    touches_long_line(&source, &index, span, &limits),
                    touches_by_ariadne(&source, span, &limits),
                    "{:?} in {:?}", span, text
                );
            }
        }
    }
}
