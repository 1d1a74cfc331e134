; Text objects (nvim-treesitter-textobjects names).
; A declaration is a class; a conversation is also a function.
[
  (playbook_declaration)
  (stakeholder_declaration)
  (commitment_declaration)
  (conversation_declaration)
  (process_declaration)
] @class.outer

(stakeholder_declaration
  body: (block) @class.inner)

(commitment_declaration
  body: (block) @class.inner)

(conversation_declaration
  body: (block) @class.inner)

(process_declaration
  body: (process_block) @class.inner)

(conversation_declaration) @function.outer

(conversation_declaration
  body: (block) @function.inner)

[
  (block)
  (process_block)
] @block.outer

; Fields and process items are statements.
[
  (starts_field)
  (lead_field)
  (side_field)
  (role_field)
  (compelled_field)
  (with_field)
  (owner_field)
  (needs_field)
  (wins_field)
  (takes_field)
  (by_field)
  (step)
  (waive)
  (quiet_period)
] @statement.outer

; The names of a list field are parameters.
(with_field
  value: (identifier) @parameter.inner)

(owner_field
  value: (identifier) @parameter.inner)

(needs_field
  value: (identifier) @parameter.inner)

(wins_field
  value: (identifier) @parameter.inner)

(comment) @comment.outer

(doc_comment) @comment.outer
