; Text objects (Helix): a declaration is a type (`mat`, `mit`), a
; conversation also a function (`maf`, `mif`), a name in a list an argument
; (`mia`), a process item an entry (`mae`), a comment a comment (`mac`).
[
  (playbook_declaration)
  (stakeholder_declaration)
  (commitment_declaration)
  (conversation_declaration)
  (process_declaration)
] @class.around

(stakeholder_declaration
  body: (block) @class.inside)

(commitment_declaration
  body: (block) @class.inside)

(conversation_declaration
  body: (block) @class.inside)

(process_declaration
  body: (process_block) @class.inside)

(conversation_declaration) @function.around

(conversation_declaration
  body: (block) @function.inside)

(with_field
  value: (identifier) @parameter.inside)

(owner_field
  value: (identifier) @parameter.inside)

(needs_field
  value: (identifier) @parameter.inside)

(wins_field
  value: (identifier) @parameter.inside)

[
  (step)
  (waive)
  (quiet_period)
] @entry.around

(comment) @comment.inside

(doc_comment) @comment.inside

(comment) @comment.around

(doc_comment) @comment.around
