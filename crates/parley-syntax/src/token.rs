//! Tokens, produced by a logos lexer.
//!
//! Comments are tokens too, so the formatter and the doc-comment attachment
//! see them; whitespace is not (it is the gap between two tokens' spans).

use logos::Logos;

use crate::Span;

#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[logos(skip r"[ \t\r\n\f\u{feff}]+")]
pub enum TokenKind {
    /// `/// text`: attaches to the next declaration.
    #[regex(r"///[^\r\n]*", priority = 6, allow_greedy = true)]
    DocComment,
    /// `// text` (also `////`, which is not a doc comment).
    #[regex(r"//[^\r\n]*", priority = 5, allow_greedy = true)]
    #[regex(r"////[^\r\n]*", priority = 7, allow_greedy = true)]
    Comment,

    #[token("playbook")]
    Playbook,
    #[token("starts")]
    Starts,
    #[token("lead")]
    Lead,
    #[token("stakeholder")]
    Stakeholder,
    #[token("commitment")]
    Commitment,
    #[token("conversation")]
    Conversation,
    #[token("process")]
    Process,
    #[token("side")]
    Side,
    #[token("role")]
    Role,
    #[token("compelled")]
    Compelled,
    #[token("with")]
    With,
    #[token("owner")]
    Owner,
    #[token("needs")]
    Needs,
    #[token("wins")]
    Wins,
    #[token("takes")]
    Takes,
    #[token("by")]
    By,
    #[token("negotiated")]
    Negotiated,
    #[token("waive")]
    Waive,
    #[token("accelerate")]
    Accelerate,
    #[token("decelerate")]
    Decelerate,
    #[token("quiet")]
    Quiet,
    #[token("after")]
    After,
    #[token("until")]
    Until,
    #[token("buyer")]
    Buyer,
    #[token("seller")]
    Seller,

    /// A letter, then letters (with their combining marks), digits, `-` or `_`.
    #[regex(r"\p{L}[\p{L}\p{M}\p{Nd}_-]*", priority = 2)]
    Ident,
    /// `"..."` with `\"` and `\\` escapes, on one line.
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*""#)]
    String,
    /// A string cut off by the end of its line or of the file (a trailing
    /// backslash included).
    #[regex(r#""([^"\\\r\n]|\\[^\r\n])*\\?"#, priority = 1)]
    UnterminatedString,
    /// `YYYY-MM-DD` (validity is checked later).
    #[regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", priority = 4)]
    Date,
    /// An integer and a unit: `3d`, `2w`.
    #[regex(r"[0-9]+[dw]", priority = 4)]
    Duration,
    /// Any other run starting with a digit (`2x`, `12`, `2027-1-5`): malformed.
    #[regex(r"[0-9][0-9\p{L}_-]*", priority = 3)]
    Number,

    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,

    /// A character that starts no token.
    Error,
}

/// Every keyword of the language, as written, in the order the lexer
/// declares them: the words [`TokenKind::is_keyword`] is true of, which
/// cannot name anything.
pub const KEYWORDS: &[&str] = &[
    "playbook",
    "starts",
    "lead",
    "stakeholder",
    "commitment",
    "conversation",
    "process",
    "side",
    "role",
    "compelled",
    "with",
    "owner",
    "needs",
    "wins",
    "takes",
    "by",
    "negotiated",
    "waive",
    "accelerate",
    "decelerate",
    "quiet",
    "after",
    "until",
    "buyer",
    "seller",
];

impl TokenKind {
    pub fn is_keyword(self) -> bool {
        use TokenKind::*;
        matches!(
            self,
            Playbook
                | Starts
                | Lead
                | Stakeholder
                | Commitment
                | Conversation
                | Process
                | Side
                | Role
                | Compelled
                | With
                | Owner
                | Needs
                | Wins
                | Takes
                | By
                | Negotiated
                | Waive
                | Accelerate
                | Decelerate
                | Quiet
                | After
                | Until
                | Buyer
                | Seller
        )
    }

    /// Whether the token is a keyword that starts a top-level item:
    /// `playbook`, `stakeholder`, `commitment`, `conversation` or `process`.
    /// The parser treats them as strong synchronisation points, which end
    /// any unclosed block.
    pub fn starts_item(self) -> bool {
        matches!(
            self,
            TokenKind::Playbook
                | TokenKind::Stakeholder
                | TokenKind::Commitment
                | TokenKind::Conversation
                | TokenKind::Process
        )
    }

    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Comment | TokenKind::DocComment)
    }

    /// How the token is named in an error message ("expected a name, found `}`").
    pub fn describe(self) -> &'static str {
        use TokenKind::*;
        match self {
            DocComment => "a doc comment",
            Comment => "a comment",
            Ident => "a name",
            String => "a string",
            UnterminatedString => "an unterminated string",
            Date => "a date",
            Duration => "a duration",
            Number => "a malformed number",
            LBrace => "`{`",
            RBrace => "`}`",
            Comma => "`,`",
            Error => "an unexpected character",
            Playbook => "`playbook`",
            Starts => "`starts`",
            Lead => "`lead`",
            Stakeholder => "`stakeholder`",
            Commitment => "`commitment`",
            Conversation => "`conversation`",
            Process => "`process`",
            Side => "`side`",
            Role => "`role`",
            Compelled => "`compelled`",
            With => "`with`",
            Owner => "`owner`",
            Needs => "`needs`",
            Wins => "`wins`",
            Takes => "`takes`",
            By => "`by`",
            Negotiated => "`negotiated`",
            Waive => "`waive`",
            Accelerate => "`accelerate`",
            Decelerate => "`decelerate`",
            Quiet => "`quiet`",
            After => "`after`",
            Until => "`until`",
            Buyer => "`buyer`",
            Seller => "`seller`",
        }
    }
}

/// One token with its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Splits `text` into tokens, comments included. Never fails: a character
/// that starts no token becomes a [`TokenKind::Error`] token.
pub fn lex(text: &str) -> Vec<Token> {
    tokens(text).collect()
}

/// The tokens of `text` one by one, as [`lex`] collects them: for a caller
/// that sorts them as they come (the parser keeps comments apart).
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = Token> + '_ {
    tokens_in(text, 0..text.len())
}

/// The tokens of the part `range` of `text`, with their spans in the
/// whole text. No token crosses a line break (strings and comments end at
/// one), so lexed from the start of a line, a part's tokens are exactly
/// the whole text's tokens that start in it. An empty iterator when
/// `range` is not a part of `text` that starts and ends on characters.
pub(crate) fn tokens_in(
    text: &str,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = Token> + '_ {
    let offset = range.start;
    let mut lexer = TokenKind::lexer(text.get(range).unwrap_or(""));
    std::iter::from_fn(move || {
        let result = lexer.next()?;
        let span = lexer.span();
        Some(Token {
            kind: result.unwrap_or(TokenKind::Error),
            span: Span::new(offset + span.start, offset + span.end),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        lex(text)
            .into_iter()
            .map(|token| (token.kind, &text[token.span.range()]))
            .collect()
    }

    #[test]
    fn every_keyword_is_one_keyword_token_of_its_own() {
        let mut kinds: Vec<TokenKind> = KEYWORDS
            .iter()
            .map(|word| {
                let tokens = lex(word);
                assert_eq!(tokens.len(), 1, "{word}");
                assert!(tokens[0].kind.is_keyword(), "{word}");
                tokens[0].kind
            })
            .collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), KEYWORDS.len(), "two words, one token");
        // A word that is not listed is a name, however close.
        for word in ["playbooks", "sides", "wait", "Buyer", "quietly"] {
            assert_eq!(lex(word)[0].kind, TokenKind::Ident, "{word}");
        }
    }

    #[test]
    fn each_field_keyword_opens_its_field_and_five_keywords_start_items() {
        use crate::ast::FieldKey;
        let kind = |word: &str| {
            let tokens = lex(word);
            assert_eq!(tokens.len(), 1, "{word}");
            tokens[0].kind
        };
        for key in FieldKey::ALL {
            assert_eq!(FieldKey::opened_by(kind(key.as_str())), Some(key));
            assert!(!kind(key.as_str()).starts_item());
        }
        for word in [
            "playbook",
            "stakeholder",
            "commitment",
            "conversation",
            "process",
        ] {
            assert!(kind(word).starts_item(), "{word}");
            assert_eq!(FieldKey::opened_by(kind(word)), None);
        }
        for word in [
            "dana",
            "waive",
            "negotiated",
            "quiet",
            "buyer",
            "{",
            "\"With\"",
        ] {
            assert!(!kind(word).starts_item(), "{word}");
            assert_eq!(FieldKey::opened_by(kind(word)), None, "{word}");
        }
    }

    #[test]
    fn three_slashes_make_a_doc_comment_and_four_a_plain_one() {
        assert_eq!(
            kinds("/// doc\n//// plain\n// plain\n///"),
            [
                (TokenKind::DocComment, "/// doc"),
                (TokenKind::Comment, "//// plain"),
                (TokenKind::Comment, "// plain"),
                (TokenKind::DocComment, "///"),
            ]
        );
    }

    #[test]
    fn comments_and_strings_stop_before_a_carriage_return() {
        assert_eq!(
            kinds("// note\r\n\"cut\r\n"),
            [
                (TokenKind::Comment, "// note"),
                (TokenKind::UnterminatedString, "\"cut"),
            ]
        );
    }

    #[test]
    fn an_unterminated_string_keeps_a_trailing_backslash() {
        assert_eq!(
            kinds("\"a \\\" b\\\n"),
            [(TokenKind::UnterminatedString, "\"a \\\" b\\")]
        );
    }

    #[test]
    fn tokens_are_read_longest_first() {
        assert_eq!(
            kinds("sides 2027-01-11x 2w 2x 12 3 d"),
            [
                (TokenKind::Ident, "sides"),
                (TokenKind::Number, "2027-01-11x"),
                (TokenKind::Duration, "2w"),
                (TokenKind::Number, "2x"),
                (TokenKind::Number, "12"),
                (TokenKind::Number, "3"),
                (TokenKind::Ident, "d"),
            ]
        );
    }

    #[test]
    fn names_take_unicode_letters_marks_and_digits() {
        assert_eq!(
            kinds("zoë jose\u{301} 財務2 case-for_change- \u{feff}buyer"),
            [
                (TokenKind::Ident, "zoë"),
                (TokenKind::Ident, "jose\u{301}"),
                (TokenKind::Ident, "財務2"),
                (TokenKind::Ident, "case-for_change-"),
                (TokenKind::Buyer, "buyer"),
            ]
        );
    }

    #[test]
    fn a_character_that_starts_no_token_is_an_error_token() {
        assert_eq!(
            kinds("@ 💼"),
            [(TokenKind::Error, "@"), (TokenKind::Error, "💼")]
        );
    }
}
