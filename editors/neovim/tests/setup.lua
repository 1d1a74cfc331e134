-- Checks the user-facing Neovim setup on the Neovim that runs it:
-- `lsp/parley.lua` is a valid config for vim.lsp.enable (0.11+), and
-- `require('parley').setup()` starts `parley lsp` for a Parley buffer and
-- gets its diagnostics (on 0.7-0.10 through vim.lsp.start_client or
-- vim.lsp.start, on 0.11+ through vim.lsp.config/vim.lsp.enable).
--
--   PARLEY_BIN=target/debug/parley timeout 60 nvim --headless --clean \
--     --cmd 'set rtp^=editors/neovim' -u editors/neovim/tests/setup.lua FILE.parley

local function say(line)
  io.stdout:write(line .. '\n')
end

local failures = 0
local function check(ok, what, detail)
  say((ok and 'ok   - ' or 'FAIL - ') .. what .. ((not ok and detail) and (': ' .. detail) or ''))
  if not ok then
    failures = failures + 1
  end
  return ok
end

-- `setup()` runs from init, before any buffer, as in a user's init.lua.
local bin = os.getenv('PARLEY_BIN') or 'parley'
require('parley').setup({ cmd = { bin, 'lsp' } })

local function clients(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  return vim.lsp.buf_get_clients(buf)
end

local function run()
  local files = vim.api.nvim_get_runtime_file('lsp/parley.lua', false)
  if check(#files == 1, 'lsp/parley.lua is on the runtimepath') then
    local ok, config = pcall(dofile, files[1])
    check(ok and type(config) == 'table' and config.cmd[2] == 'lsp' and vim.tbl_contains(config.filetypes, 'parley'),
      'lsp/parley.lua returns a config running `parley lsp` for filetype parley', tostring(config))
  end

  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'parley', 'filetype parley', vim.bo[buf].filetype)
  vim.wait(20000, function()
    return next(clients(buf)) ~= nil and #vim.diagnostic.get(buf) > 0
  end, 50)
  local attached = {}
  for _, client in pairs(clients(buf)) do
    attached[#attached + 1] = client.name
  end
  check(vim.tbl_contains(attached, 'parley'), "setup() attached the `parley` client", table.concat(attached, ','))
  local codes = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buf)) do
    codes[#codes + 1] = tostring(diagnostic.code or diagnostic.message)
  end
  check(#codes > 0, 'diagnostics shown through setup()', 'none')

  say(string.format('neovim setup: %d failed', failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

vim.cmd('filetype plugin on')
vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  nested = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      say('FAIL - the script stopped: ' .. tostring(err))
      vim.cmd('cquit! 1')
    end
  end,
})
