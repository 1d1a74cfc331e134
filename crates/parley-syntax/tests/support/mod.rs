//! A readable rendering of a parse for snapshots: the tree, one node per
//! line with its span and the text it covers, then the errors. Also every
//! span of a parse, and generated input ([`generators`]), for the property
//! tests.

#![allow(dead_code)]

pub mod generators;

use parley_syntax::ast::{
    Block, Comment, CommentKind, Declaration, DocComment, Field, Item, Playbook, Process,
    ProcessItem, StringLit, Value,
};
use parley_syntax::{Parse, Span, parse};

/// The longest source text shown beside a span.
const SHOWN: usize = 48;

struct Renderer<'t> {
    text: &'t str,
    out: String,
}

impl Renderer<'_> {
    fn shown(&self, span: Span) -> String {
        let Some(text) = self.text.get(span.range()) else {
            return format!("<span {span:?} outside the text or off a char boundary>");
        };
        let mut shown: String = text.chars().take(SHOWN).collect();
        if text.chars().count() > SHOWN {
            shown.push('…');
        }
        format!("{shown:?}")
    }

    fn line(&mut self, depth: usize, label: &str, span: Span) {
        let shown = self.shown(span);
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(&format!(
            "{label} @{}..{} {shown}\n",
            span.start(),
            span.end()
        ));
    }

    fn doc(&mut self, depth: usize, doc: Option<&DocComment>) {
        if let Some(doc) = doc {
            self.line(depth, &format!("doc {:?}", doc.text(self.text)), doc.span);
        }
    }

    fn string(&mut self, depth: usize, what: &str, string: &Option<StringLit>) {
        match string {
            Some(string) => self.line(
                depth,
                &format!("{what} {:?}", string.value(self.text)),
                string.span,
            ),
            None => self.missing(depth, what),
        }
    }

    fn missing(&mut self, depth: usize, what: &str) {
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(&format!("{what} <none>\n"));
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Playbook(playbook) => self.playbook(playbook),
            Item::Declaration(declaration) => self.declaration(declaration),
            Item::Process(process) => self.process(process),
        }
    }

    fn playbook(&mut self, playbook: &Playbook) {
        self.line(0, "Playbook", playbook.span);
        self.doc(1, playbook.doc.as_ref());
        self.line(1, "keyword", playbook.keyword);
        self.string(1, "title", &playbook.title);
        for field in &playbook.fields {
            self.field(1, field);
        }
    }

    fn declaration(&mut self, declaration: &Declaration) {
        self.line(
            0,
            &format!("Declaration {:?}", declaration.kind),
            declaration.span,
        );
        self.doc(1, declaration.doc.as_ref());
        self.line(1, "keyword", declaration.keyword);
        match &declaration.name {
            Some(name) => self.line(1, &format!("name {}", name.text), name.span),
            None => self.missing(1, "name"),
        }
        self.string(1, "title", &declaration.title);
        match &declaration.body {
            Some(block) => self.block(block),
            None => self.missing(1, "block"),
        }
    }

    fn block(&mut self, block: &Block) {
        self.line(1, "block open", block.open);
        for field in &block.fields {
            self.field(2, field);
        }
        match block.close {
            Some(close) => self.line(1, "block close", close),
            None => self.missing(1, "block close"),
        }
    }

    fn field(&mut self, depth: usize, field: &Field) {
        self.line(depth, &format!("field {}", field.key.as_str()), field.span);
        self.line(depth + 1, "key", field.key_span());
        if field.values.is_empty() {
            self.missing(depth + 1, "value");
        }
        for value in &field.values {
            let label = match value {
                Value::Name(name) => format!("name {}", name.text),
                Value::Date(date) => {
                    format!("date {}/{}/{}", date.year, date.month, date.day)
                }
                Value::Duration(duration) => format!(
                    "duration {} {:?} ({} working days)",
                    duration.amount,
                    duration.unit,
                    duration.working_days()
                ),
            };
            self.line(depth + 1, &label, value.span());
        }
    }

    fn process(&mut self, process: &Process) {
        self.line(0, "Process", process.span);
        self.doc(1, process.doc.as_ref());
        self.line(1, "keyword", process.keyword);
        match &process.side {
            Some(side) => self.line(1, &format!("side {}", side.text), side.span),
            None => self.missing(1, "side"),
        }
        match process.open {
            Some(open) => self.line(1, "open", open),
            None => self.missing(1, "open"),
        }
        for item in &process.items {
            match item {
                ProcessItem::Step(step) => {
                    self.line(2, &format!("step {}", step.conversation.text), step.span);
                    self.line(3, "conversation", step.conversation.span);
                    if let Some(negotiated) = step.negotiated {
                        self.line(3, "negotiated", negotiated);
                    }
                    if let Some(pace) = step.pace {
                        self.line(3, &format!("pace {}", pace.pace.as_str()), pace.span);
                    }
                }
                ProcessItem::Waive(waive) => {
                    self.line(2, "waive", waive.span);
                    self.line(3, "keyword", waive.keyword);
                    match &waive.conversation {
                        Some(name) => {
                            self.line(3, &format!("conversation {}", name.text), name.span)
                        }
                        None => self.missing(3, "conversation"),
                    }
                    self.string(3, "reason", &waive.reason);
                }
                ProcessItem::Quiet(quiet) => {
                    self.line(2, "quiet", quiet.span);
                    self.line(3, "keyword", quiet.keyword);
                    match &quiet.after {
                        Some(name) => self.line(3, &format!("after {}", name.text), name.span),
                        None => self.missing(3, "after"),
                    }
                    match &quiet.until {
                        Some(name) => self.line(3, &format!("until {}", name.text), name.span),
                        None => self.missing(3, "until"),
                    }
                }
            }
        }
        match process.close {
            Some(close) => self.line(1, "close", close),
            None => self.missing(1, "close"),
        }
    }

    fn comment(&mut self, comment: &Comment) {
        let kind = match comment.kind {
            CommentKind::Line => "line",
            CommentKind::Doc => "doc",
        };
        self.line(0, &format!("comment {kind}"), comment.span);
    }
}

/// Renders a parse: tree, comments, errors.
pub fn render_parse(text: &str, parse: &Parse) -> String {
    let mut renderer = Renderer {
        text,
        out: String::new(),
    };
    renderer.out.push_str("--- tree ---\n");
    for item in &parse.file.items {
        renderer.item(item);
    }
    if !parse.file.comments.is_empty() {
        renderer.out.push_str("--- comments ---\n");
        for comment in &parse.file.comments {
            renderer.comment(comment);
        }
    }
    renderer.out.push_str("--- errors ---\n");
    if parse.errors.is_empty() {
        renderer.out.push_str("(none)\n");
    }
    for error in &parse.errors {
        renderer.line(0, &format!("{} {}", error.code, error.message), error.span);
        for label in &error.labels {
            renderer.line(1, &format!("label {}", label.message), label.span);
        }
    }
    renderer.out
}

/// The input, then its rendered parse.
pub fn render(text: &str) -> String {
    let parse = parse(text);
    format!(
        "--- input ---\n{}\n{}",
        visible(text),
        render_parse(text, &parse)
    )
}

/// The text with carriage returns and byte order marks made visible, so a
/// snapshot keeps them.
pub fn visible(text: &str) -> String {
    text.replace('\r', "\\r").replace('\u{feff}', "\\u{feff}")
}

/// Every span in a parse: nodes, names, values, comments, errors, labels.
pub fn all_spans(parse: &Parse) -> Vec<Span> {
    let mut spans = vec![parse.file.span];
    for item in &parse.file.items {
        spans.push(item.span());
        if let Some(doc) = item.doc() {
            spans.push(doc.span);
        }
        match item {
            Item::Playbook(playbook) => {
                spans.push(playbook.keyword);
                spans.extend(playbook.title.as_ref().map(|title| title.span));
                for field in &playbook.fields {
                    field_spans(field, &mut spans);
                }
            }
            Item::Declaration(declaration) => {
                spans.push(declaration.keyword);
                spans.extend(declaration.name.as_ref().map(|name| name.span));
                spans.extend(declaration.title.as_ref().map(|title| title.span));
                if let Some(block) = &declaration.body {
                    spans.push(block.open);
                    spans.extend(block.close);
                    for field in &block.fields {
                        field_spans(field, &mut spans);
                    }
                }
            }
            Item::Process(process) => {
                spans.push(process.keyword);
                spans.extend(process.side.as_ref().map(|side| side.span));
                spans.extend(process.open);
                spans.extend(process.close);
                for item in &process.items {
                    spans.push(item.span());
                    match item {
                        ProcessItem::Step(step) => {
                            spans.push(step.conversation.span);
                            spans.extend(step.negotiated);
                            spans.extend(step.pace.map(|pace| pace.span));
                        }
                        ProcessItem::Waive(waive) => {
                            spans.push(waive.keyword);
                            spans.extend(waive.conversation.as_ref().map(|name| name.span));
                            spans.extend(waive.reason.as_ref().map(|reason| reason.span));
                        }
                        ProcessItem::Quiet(quiet) => {
                            spans.push(quiet.keyword);
                            spans.extend(quiet.after.as_ref().map(|name| name.span));
                            spans.extend(quiet.until.as_ref().map(|name| name.span));
                        }
                    }
                }
            }
        }
    }
    spans.extend(parse.file.comments.iter().map(|comment| comment.span));
    for error in &parse.errors {
        spans.push(error.span);
        spans.extend(error.labels.iter().map(|label| label.span));
    }
    spans
}

fn field_spans(field: &Field, spans: &mut Vec<Span>) {
    spans.push(field.span);
    spans.push(field.key_span());
    spans.extend(field.values.iter().map(Value::span));
}

/// Panics with the offending span when one lies outside `text` or off a
/// character boundary, or ends before it starts.
pub fn assert_spans_valid(text: &str, parse: &Parse) {
    for span in all_spans(parse) {
        assert!(span.start() <= span.end(), "inverted span {span:?}");
        assert!(
            span.end() <= text.len(),
            "span {span:?} past the end ({})",
            text.len()
        );
        assert!(
            text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
            "span {span:?} off a char boundary"
        );
    }
}
