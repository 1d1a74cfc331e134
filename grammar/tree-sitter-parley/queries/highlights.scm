; Highlights for Parley (Neovim capture names; Helix has its own set).

; Titles, reasons and comments are prose: Neovim spell-checks them. Kept
; first, so that tools which highlight a node with its last capture (the
; tree-sitter CLI) use the captures below.
(string_content) @spell

(comment) @spell

(doc_comment) @spell

; Keywords
[
  "playbook"
  "stakeholder"
  "commitment"
  "conversation"
  "process"
] @keyword

[
  "waive"
  "quiet"
  "after"
  "until"
] @keyword

(negotiated) @keyword.modifier

(pace) @keyword.modifier

; Field keys
[
  "starts"
  "lead"
  "side"
  "role"
  "compelled"
  "with"
  "owner"
  "needs"
  "wins"
  "takes"
  "by"
] @property

; Declarations
(stakeholder_declaration
  name: (identifier) @variable)

(commitment_declaration
  name: (identifier) @type)

(conversation_declaration
  name: (identifier) @function)

; References
(with_field
  value: (identifier) @variable)

(owner_field
  value: (identifier) @variable)

(needs_field
  value: (identifier) @variable)

(wins_field
  value: (identifier) @type)

(step
  conversation: (identifier) @function.call)

(waive
  conversation: (identifier) @function.call)

(quiet_period
  after: (identifier) @function.call)

(quiet_period
  until: (identifier) @function.call)

; Values
(party) @constant.builtin

(lead_field
  value: (identifier) @constant)

(side_field
  value: (identifier) @constant)

(process_declaration
  side: (identifier) @constant)

(role_field
  value: (identifier) @attribute)

(compelled_field
  value: (identifier) @constant)

(date) @number

(duration) @number

(string) @string

(escape_sequence) @string.escape

(comment) @comment

(doc_comment) @comment.documentation

; Punctuation
[
  "{"
  "}"
] @punctuation.bracket

"," @punctuation.delimiter
