//! The canonical layout of a playbook's tokens: which token starts a line,
//! at what indentation, and whether a blank line comes before it.
//!
//! The layout walks the token stream (comments included) with the structure
//! the grammar gives it: keywords start declarations and fields, and inside a
//! process a name starts a step. It decides from the tokens alone, except for
//! two facts it reads from the source whitespace: whether a comment trails
//! the token before it on the same line, and whether a blank line preceded a
//! line where blank lines are kept. Both survive formatting, which makes the
//! layout idempotent.

use crate::ast::FieldKey;
use crate::{Token, TokenKind};

/// The kind of block a `{` opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// `process buyer|seller { ... }`: one item per line, blank lines kept.
    Process,
    /// A stakeholder's, commitment's or conversation's fields.
    Fields,
}

/// Why a line exists, which decides what happens to the blank lines before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineRole {
    /// A declaration keyword at the top level: one blank line before it.
    Declaration,
    /// A comment on its own line at the top level: blank lines kept (at most
    /// one), and it leads the declaration that follows it.
    TopComment,
    /// A step, waiver, quiet period or comment inside a process: blank lines
    /// kept, at most one.
    ProcessItem,
    /// Everything else: fields, header fields, `}`, continuations. No blank
    /// line before it.
    Tight,
}

/// One output line: the indices of its tokens, in output order.
#[derive(Clone, Debug)]
pub(super) struct Line {
    /// In levels of two spaces.
    pub indent: usize,
    pub blank_before: bool,
    pub tokens: Vec<usize>,
    role: LineRole,
    /// A blank line preceded this line's first token in the source.
    source_blank: bool,
}

/// Lays out `tokens` (lexed from `text`) in canonical lines.
pub(super) fn layout(text: &str, tokens: &[Token]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    // The latest declaration keyword seen at the top level: what a `{` opens.
    let mut declaration: Option<TokenKind> = None;
    let mut previous: Option<Token> = None;
    // The latest token that is not a comment.
    let mut significant: Option<TokenKind> = None;
    // For each token, the index of the first token after it that is not a
    // comment: where an own-line comment looks to decide its indentation.
    let mut next_significant: Vec<Option<usize>> = vec![None; tokens.len()];
    let mut following = None;
    for (index, token) in tokens.iter().enumerate().rev() {
        if let Some(slot) = next_significant.get_mut(index) {
            *slot = following;
        }
        if !token.kind.is_trivia() {
            following = Some(index);
        }
    }

    for (index, token) in tokens.iter().enumerate() {
        let kind = token.kind;
        let depth = blocks.len();
        let block = blocks.last().copied();
        let breaks = structural_break(significant, kind, block);
        let new_line = match previous {
            None => true,
            Some(prev) if prev.kind.is_trivia() => true,
            Some(prev) if kind.is_trivia() => {
                newlines_between(text, prev.span.end(), token.span.start()) > 0
            }
            Some(_) => breaks,
        };

        if new_line || lines.is_empty() {
            let after_comment = previous.is_some_and(|prev| prev.kind.is_trivia());
            let (indent, continuation) = if kind == TokenKind::RBrace {
                (depth.saturating_sub(1), false)
            } else if kind.is_trivia() {
                let next = next_significant
                    .get(index)
                    .copied()
                    .flatten()
                    .and_then(|next| tokens.get(next));
                let continues = next.is_some_and(|next| {
                    next.kind != TokenKind::RBrace
                        && !structural_break(significant, next.kind, block)
                });
                if continues {
                    (depth + 1, true)
                } else {
                    (depth, false)
                }
            } else if after_comment && !breaks {
                (depth + 1, true)
            } else {
                (depth, false)
            };
            // The line right after the one that opens a block.
            let first_in_block = lines
                .last()
                .and_then(|line| {
                    line.tokens
                        .iter()
                        .filter_map(|index| tokens.get(*index))
                        .rfind(|token| !token.kind.is_trivia())
                })
                .is_some_and(|token| token.kind == TokenKind::LBrace);
            let role = if continuation {
                LineRole::Tight
            } else if depth == 0 && kind.starts_item() {
                LineRole::Declaration
            } else if depth == 0 && kind.is_trivia() {
                LineRole::TopComment
            } else if block == Some(Block::Process) && kind != TokenKind::RBrace && !first_in_block
            {
                LineRole::ProcessItem
            } else {
                LineRole::Tight
            };
            let source_blank = previous.is_some_and(|prev| {
                newlines_between(text, prev.span.end(), token.span.start()) > 1
            });
            lines.push(Line {
                indent,
                blank_before: false,
                tokens: Vec::new(),
                role,
                source_blank,
            });
        }
        if let Some(line) = lines.last_mut() {
            line.tokens.push(index);
        }

        match kind {
            TokenKind::LBrace => blocks.push(match declaration {
                Some(TokenKind::Process) if depth == 0 => Block::Process,
                _ => Block::Fields,
            }),
            TokenKind::RBrace => {
                blocks.pop();
            }
            _ if depth == 0 && kind.starts_item() => declaration = Some(kind),
            _ => {}
        }
        if !kind.is_trivia() {
            significant = Some(kind);
        }
        previous = Some(*token);
    }

    place_blank_lines(&mut lines);
    for line in &mut lines {
        order_step_markers(&mut line.tokens, tokens);
    }
    lines
}

/// Keeps at most one blank line where blank lines are kept, drops them
/// elsewhere, and puts one blank line between top-level declarations (before
/// the comments that lead a declaration, when there is none among them).
fn place_blank_lines(lines: &mut [Line]) {
    for (index, line) in lines.iter_mut().enumerate() {
        line.blank_before = index > 0
            && line.source_blank
            && matches!(
                line.role,
                LineRole::Declaration | LineRole::TopComment | LineRole::ProcessItem
            );
    }
    for index in 1..lines.len() {
        if lines.get(index).map(|line| line.role) != Some(LineRole::Declaration) {
            continue;
        }
        let mut start = index;
        while start > 0 && lines.get(start - 1).map(|line| line.role) == Some(LineRole::TopComment)
        {
            start -= 1;
        }
        if start == 0 {
            continue;
        }
        let gap = lines.get_mut(start..=index).unwrap_or_default();
        if !gap.iter().any(|line| line.blank_before) {
            if let Some(first) = gap.first_mut() {
                first.blank_before = true;
            }
        }
    }
}

/// Whether `kind` starts a new line after the significant token `previous`,
/// inside `block` (`None` at the top level), whatever comments lie between.
fn structural_break(previous: Option<TokenKind>, kind: TokenKind, block: Option<Block>) -> bool {
    use TokenKind::*;
    match previous {
        None | Some(RBrace) => return true,
        Some(LBrace) => return kind != RBrace,
        Some(_) => {}
    }
    if kind == RBrace || kind.starts_item() {
        return true;
    }
    match block {
        None => matches!(kind, Starts | Lead),
        Some(Block::Fields) => FieldKey::opened_by(kind).is_some(),
        Some(Block::Process) => match kind {
            Waive | Quiet => true,
            Ident => !matches!(previous, Some(Waive | After | Until)),
            _ => false,
        },
    }
}

/// Puts each run of step markers in canonical order: `negotiated`, then the
/// pace. A run never spans a comment (a comment ends its line), so no token
/// moves past a comment.
fn order_step_markers(line: &mut [usize], tokens: &[Token]) {
    let rank = |index: &usize| match tokens.get(*index).map(|token| token.kind) {
        Some(TokenKind::Negotiated) => Some(0),
        Some(TokenKind::Accelerate | TokenKind::Decelerate) => Some(1),
        _ => None,
    };
    let mut start = 0;
    while start < line.len() {
        let run = line
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|index| rank(index).is_some())
            .count();
        if let Some(markers) = line.get_mut(start..start + run) {
            markers.sort_by_key(|index| rank(index));
        }
        start += run.max(1);
    }
}

/// How many line breaks the source has between two offsets: `\n`, `\r\n`
/// and a lone `\r` each count once.
fn newlines_between(text: &str, start: usize, end: usize) -> usize {
    text.get(start..end).map_or(0, |gap| {
        let bytes = gap.as_bytes();
        bytes
            .iter()
            .enumerate()
            .filter(|(index, byte)| {
                **byte == b'\n' || (**byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'))
            })
            .count()
    })
}
