; Indents (Helix): the fields of a block and the items of a process are
; indented one level; the closing brace goes back.
[
  (block)
  (process_block)
] @indent

"}" @outdent
