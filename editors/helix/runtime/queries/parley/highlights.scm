; Highlights for Parley (Helix scope names).

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
] @keyword.control

(negotiated) @keyword.storage.modifier

(pace) @keyword.storage.modifier

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
] @variable.other.member

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
  conversation: (identifier) @function)

(waive
  conversation: (identifier) @function)

(quiet_period
  after: (identifier) @function)

(quiet_period
  until: (identifier) @function)

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

(date) @constant.numeric

(duration) @constant.numeric

(string) @string

(escape_sequence) @constant.character.escape

(comment) @comment.line

(doc_comment) @comment.block.documentation

; Punctuation
[
  "{"
  "}"
] @punctuation.bracket

"," @punctuation.delimiter
