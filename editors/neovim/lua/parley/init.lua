-- Parley for Neovim: one `setup` for every version from 0.7 on.
--
--   require('parley').setup()                        -- `parley` on PATH
--   require('parley').setup({ cmd = { '/path/to/parley', 'lsp' } })
--
-- On 0.11+ it uses vim.lsp.config/vim.lsp.enable (and `lsp/parley.lua`);
-- on 0.8-0.10 vim.lsp.start from a FileType autocommand; on 0.7
-- vim.lsp.start_client and vim.lsp.buf_attach_client.
local M = {}

M.defaults = {
  cmd = { 'parley', 'lsp' },
  filetypes = { 'parley' },
  root_markers = { '.git' },
  name = 'parley',
}

local function root_dir(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

local function merge(opts)
  local config = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  return config
end

-- Neovim 0.7 has neither vim.lsp.start nor vim.lsp.config: one client per
-- root folder, attached to each Parley buffer under it.
local clients_by_root = {}

local function start_legacy(config, bufnr)
  local root = root_dir(vim.api.nvim_buf_get_name(bufnr), config.root_markers)
  local client_id = clients_by_root[root]
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client({
      name = config.name,
      cmd = config.cmd,
      root_dir = root,
      capabilities = config.capabilities,
      on_attach = config.on_attach,
      settings = config.settings,
    })
    clients_by_root[root] = client_id
  end
  if client_id ~= nil then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  return client_id
end

local function start(config, bufnr)
  if vim.lsp.start then
    return vim.lsp.start({
      name = config.name,
      cmd = config.cmd,
      root_dir = root_dir(vim.api.nvim_buf_get_name(bufnr), config.root_markers),
      capabilities = config.capabilities,
      on_attach = config.on_attach,
      settings = config.settings,
    }, { bufnr = bufnr })
  end
  return start_legacy(config, bufnr)
end

--- Registers the filetype and starts the server for Parley buffers.
function M.setup(opts)
  local config = merge(opts)
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { parley = 'parley' } })
  end

  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('parley', {
      cmd = config.cmd,
      filetypes = config.filetypes,
      root_markers = config.root_markers,
      capabilities = config.capabilities,
      on_attach = config.on_attach,
      settings = config.settings,
    })
    vim.lsp.enable('parley')
    return
  end

  local group = vim.api.nvim_create_augroup('parley_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      start(config, args.buf)
    end,
  })
  -- Buffers already open when setup runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(config, bufnr)
    end
  end
end

--- Tells nvim-treesitter where the Parley grammar is, so that
--- `:TSInstall parley` builds it. `path` is the `grammar/tree-sitter-parley`
--- folder of a checkout of this repository.
function M.register_treesitter(path)
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok then
    return false
  end
  local files = { 'src/parser.c', 'src/scanner.c' }
  if type(parsers.get_parser_configs) == 'function' then
    -- nvim-treesitter `master`.
    parsers.get_parser_configs().parley = {
      install_info = { url = path, files = files, generate_requires_npm = false },
      filetype = 'parley',
    }
  else
    -- nvim-treesitter `main`: parsers are registered on TSUpdate.
    vim.api.nvim_create_autocmd('User', {
      pattern = 'TSUpdate',
      callback = function()
        require('nvim-treesitter.parsers').parley = {
          install_info = { path = path, queries = 'queries' },
        }
      end,
    })
  end
  if vim.treesitter.language and vim.treesitter.language.register then
    vim.treesitter.language.register('parley', 'parley')
  end
  return true
end

return M
