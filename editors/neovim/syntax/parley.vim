" Vim syntax for Parley playbooks: the highlighting used where the
" tree-sitter parser is not installed.
if exists('b:current_syntax')
  finish
endif

syntax iskeyword @,48-57,_,-,192-255
syntax keyword parleyDeclaration playbook stakeholder commitment conversation process
syntax keyword parleyField starts lead side role compelled with owner needs wins takes by
syntax keyword parleyControl waive quiet after until
syntax keyword parleyModifier negotiated accelerate decelerate
syntax keyword parleySide buyer seller
syntax match parleyDate /\<\d\{4}-\d\{2}-\d\{2}\>/
syntax match parleyDuration /\<\d\+[dw]\>/
syntax match parleyEscape /\\["\\]/ contained
syntax region parleyString start=/"/ skip=/\\\\\|\\"/ end=/"/ end=/$/ oneline contains=parleyEscape
syntax match parleyComment "//.*$" contains=@Spell
syntax match parleyDocComment "///\%([^/].*\)\=$" contains=@Spell
syntax match parleyBrace /[{}]/

highlight default link parleyDeclaration Keyword
highlight default link parleyField Identifier
highlight default link parleyControl Statement
highlight default link parleyModifier StorageClass
highlight default link parleySide Constant
highlight default link parleyDate Number
highlight default link parleyDuration Number
highlight default link parleyEscape SpecialChar
highlight default link parleyString String
highlight default link parleyComment Comment
highlight default link parleyDocComment SpecialComment
highlight default link parleyBrace Delimiter

let b:current_syntax = 'parley'
