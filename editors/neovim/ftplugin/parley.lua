-- Buffer settings for Parley playbooks: comments, indentation, words with
-- hyphens, and tree-sitter highlighting when the parser is installed.
if vim.b.did_ftplugin_parley then
  return
end
vim.b.did_ftplugin_parley = true

vim.bo.commentstring = '// %s'
vim.bo.comments = ':///,://'
vim.bo.formatoptions = vim.bo.formatoptions:gsub('t', '') .. 'croql'
vim.bo.expandtab = true
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.bo.autoindent = true
vim.bo.smartindent = true
vim.bo.iskeyword = '@,48-57,_,-,192-255'

-- Neovim 0.8+ highlights with tree-sitter once the `parley` parser is on
-- the runtimepath (`parser/parley.so`, see README.md); without it, the Vim
-- syntax file `syntax/parley.vim` highlights.
if vim.treesitter and vim.treesitter.start then
  pcall(vim.treesitter.start, 0, 'parley')
end

vim.b.undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< autoindent< smartindent< iskeyword<'
