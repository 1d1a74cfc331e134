; Locals (Helix): a playbook is one scope; a reference takes the highlight of
; the declaration it names.
(source_file) @local.scope

(stakeholder_declaration
  name: (identifier) @local.definition.variable)

(commitment_declaration
  name: (identifier) @local.definition.type)

(conversation_declaration
  name: (identifier) @local.definition.function)

(with_field
  value: (identifier) @local.reference)

(owner_field
  value: (identifier) @local.reference)

(needs_field
  value: (identifier) @local.reference)

(wins_field
  value: (identifier) @local.reference)

(step
  conversation: (identifier) @local.reference)

(waive
  conversation: (identifier) @local.reference)

(quiet_period
  after: (identifier) @local.reference)

(quiet_period
  until: (identifier) @local.reference)
