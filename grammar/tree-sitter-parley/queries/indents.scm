; Indents (Neovim): the fields of a block and the items of a process are
; indented one level; the closing brace goes back.
[
  (block)
  (process_block)
] @indent.begin

(block
  "}" @indent.branch @indent.end)

(process_block
  "}" @indent.branch @indent.end)

[
  (comment)
  (doc_comment)
] @indent.auto
