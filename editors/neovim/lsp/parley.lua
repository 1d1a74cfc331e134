-- The Parley language server for Neovim 0.11+:
--   vim.lsp.enable('parley')
-- with this folder on the runtimepath. Override any field with
--   vim.lsp.config('parley', { cmd = { '/path/to/parley', 'lsp' } })
return {
  cmd = { 'parley', 'lsp' },
  filetypes = { 'parley' },
  root_markers = { '.git' },
}
