; Folds: every declaration with a body, and each body's braces.
[
  (stakeholder_declaration)
  (commitment_declaration)
  (conversation_declaration)
  (process_declaration)
] @fold
