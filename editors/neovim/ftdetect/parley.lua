-- Filetype detection for Parley playbooks through Neovim's Lua filetype
-- table (0.7 and later; `ftdetect/parley.vim` covers the autocommand path).
if vim.filetype and vim.filetype.add then
  vim.filetype.add({ extension = { parley = 'parley' } })
end
