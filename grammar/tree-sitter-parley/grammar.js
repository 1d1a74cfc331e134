/**
 * Tree-sitter grammar for Parley, the plain-text language for B2B sales
 * playbooks. It follows the lexical structure and the declarations of the
 * language reference (`grammar/README.md`): keywords are reserved, comments
 * and doc comments may appear between any two tokens, and every declaration
 * accepts only its own fields.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const KEYWORDS = [
  'playbook', 'starts', 'lead', 'stakeholder', 'commitment', 'conversation',
  'process', 'side', 'role', 'compelled', 'with', 'owner', 'needs', 'wins',
  'takes', 'by', 'negotiated', 'waive', 'accelerate', 'decelerate', 'quiet',
  'after', 'until', 'buyer', 'seller',
];

// The digits of an integer from 0 to 4294967295, leading zeros allowed.
const U32 = new RegExp(
  '0*(' +
    [
      '[0-9]{1,9}',
      '[1-3][0-9]{9}',
      '4[01][0-9]{8}',
      '42[0-8][0-9]{7}',
      '429[0-3][0-9]{6}',
      '4294[0-8][0-9]{5}',
      '42949[0-5][0-9]{4}',
      '429496[0-6][0-9]{3}',
      '4294967[01][0-9]{2}',
      '42949672[0-8][0-9]',
      '429496729[0-5]',
    ].join('|') +
    ')',
);

const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));

module.exports = grammar({
  name: 'parley',

  word: ($) => $.identifier,

  // `keyword_is_not_a_name` is never produced (see src/scanner.c): a keyword
  // where a name belongs starts `_reserved_name` and cannot finish it, so the
  // tree shows `(MISSING keyword_is_not_a_name)` there, where the language's
  // own parser reports a syntax error.
  externals: ($) => [$.keyword_is_not_a_name],

  extras: ($) => [/[ \t\r\n\f\uFEFF]/, $.comment, $.doc_comment],

  rules: {
    // Declarations in any order. A second playbook header is well formed
    // (the checker reports it, N002).
    source_file: ($) => repeat($._declaration),

    _declaration: ($) =>
      choice(
        $.playbook_declaration,
        $.stakeholder_declaration,
        $.commitment_declaration,
        $.conversation_declaration,
        $.process_declaration,
      ),

    // playbook "Title" starts DATE lead seller
    playbook_declaration: ($) =>
      seq(
        'playbook',
        field('title', $.string),
        repeat(choice($.starts_field, $.lead_field)),
      ),

    starts_field: ($) => seq('starts', field('value', $.date)),

    lead_field: ($) => seq('lead', field('value', $._party_value)),

    // stakeholder dana "Dana Reyes, CFO" { side buyer ... }
    stakeholder_declaration: ($) =>
      seq(
        'stakeholder',
        field('name', $._name),
        field('title', $.string),
        field('body', alias($.stakeholder_block, $.block)),
      ),

    stakeholder_block: ($) =>
      seq(
        '{',
        repeat(choice($.side_field, $.role_field, $.compelled_field)),
        '}',
      ),

    side_field: ($) => seq('side', field('value', $._party_value)),

    role_field: ($) => seq('role', field('value', $._name)),

    compelled_field: ($) => seq('compelled', field('value', $._name)),

    // commitment pilot "Pilot agreed" { needs change }
    commitment_declaration: ($) =>
      prec.right(
        seq(
          'commitment',
          field('name', $._name),
          field('title', $.string),
          optional(field('body', alias($.commitment_block, $.block))),
        ),
      ),

    commitment_block: ($) => seq('{', repeat($.needs_field), '}'),

    // conversation discovery "Discovery" { with omar ... }
    conversation_declaration: ($) =>
      seq(
        'conversation',
        field('name', $._name),
        field('title', $.string),
        field('body', alias($.conversation_block, $.block)),
      ),

    conversation_block: ($) =>
      seq(
        '{',
        repeat(
          choice(
            $.with_field,
            $.owner_field,
            $.needs_field,
            $.wins_field,
            $.takes_field,
            $.by_field,
          ),
        ),
        '}',
      ),

    with_field: ($) => seq('with', commaSep1(field('value', $._name))),

    owner_field: ($) => seq('owner', commaSep1(field('value', $._name))),

    needs_field: ($) => seq('needs', commaSep1(field('value', $._name))),

    wins_field: ($) => seq('wins', commaSep1(field('value', $._name))),

    takes_field: ($) => seq('takes', field('value', $.duration)),

    by_field: ($) => seq('by', field('value', $.date)),

    // process buyer { rfp  proposal negotiated accelerate  waive x "why" }
    process_declaration: ($) =>
      seq(
        'process',
        field('side', $._party_value),
        field('body', $.process_block),
      ),

    process_block: ($) =>
      seq('{', repeat(choice($.step, $.waive, $.quiet_period)), '}'),

    step: ($) =>
      prec.right(seq(
        field('conversation', $._name),
        optional(
          choice(
            seq(
              field('negotiated', $.negotiated),
              optional(field('pace', $.pace)),
            ),
            seq(
              field('pace', $.pace),
              optional(field('negotiated', $.negotiated)),
            ),
          ),
        ),
      )),

    negotiated: (_) => 'negotiated',

    pace: (_) => choice('accelerate', 'decelerate'),

    waive: ($) =>
      seq(
        'waive',
        field('conversation', $._name),
        field('reason', $.string),
      ),

    quiet_period: ($) =>
      seq(
        'quiet',
        'after',
        field('after', $._name),
        'until',
        field('until', $._name),
      ),

    // `buyer` and `seller` are keywords; any other name is well-formed
    // here and rejected later by the checker (N004).
    _party_value: ($) => choice($.party, $._name),

    party: (_) => choice('buyer', 'seller'),

    // Every place a name is written. Tree-sitter keeps a keyword that is not
    // expected where it stands as an identifier; this makes it an error.
    _name: ($) => choice($.identifier, $._reserved_name),

    _reserved_name: ($) =>
      seq(choice(...KEYWORDS), $.keyword_is_not_a_name),

    identifier: (_) => /\p{L}[\p{L}\p{M}\p{Nd}_-]*/,

    string: ($) =>
      seq(
        '"',
        repeat(choice($.string_content, $.escape_sequence)),
        token.immediate('"'),
      ),

    string_content: (_) => token.immediate(prec(1, /[^"\\\r\n]+/)),

    // Only `\"` and `\\`; any other escape is a syntax error.
    escape_sequence: (_) => token.immediate(/\\["\\]/),

    date: (_) => /[0-9]{4}-[0-9]{2}-[0-9]{2}/,

    // An amount that fits 32 bits (leading zeros allowed) and a unit.
    duration: (_) => token(seq(U32, /[dw]/)),

    // `/// text`, attached by the language to the next declaration.
    doc_comment: (_) => token(/\/\/\/([^\/\r\n][^\r\n]*)?/),

    // `// text`, and `//// text`, which is not a doc comment.
    comment: (_) => token(choice(/\/\/([^\/\r\n][^\r\n]*)?/, /\/\/\/\/[^\r\n]*/)),
  },
});
