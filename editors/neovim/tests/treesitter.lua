-- Loads the Parley tree-sitter parser and every query in a real, headless
-- Neovim (0.7 and later), the way a user's setup does: the parser from
-- `parser/parley.so` and the queries from `queries/parley/` on the
-- runtimepath. Each file given on the command line must parse without an
-- error, and each query must compile and capture something in it.
--
--   timeout 60 nvim --headless --clean --cmd 'set rtp^=DIR' \
--     -u editors/neovim/tests/treesitter.lua examples/*.parley

local function say(line)
  io.stdout:write(line .. '\n')
end

local failures = 0
local function check(ok, what, detail)
  say((ok and 'ok   - ' or 'FAIL - ') .. what .. ((not ok and detail) and (': ' .. detail) or ''))
  if not ok then
    failures = failures + 1
  end
end

-- 0.7-0.8 name it get_query, 0.9+ query.get.
local function get_query(name)
  if vim.treesitter.query and vim.treesitter.query.get then
    return vim.treesitter.query.get('parley', name)
  end
  return vim.treesitter.get_query('parley', name)
end

local function run()
  for _, path in ipairs(vim.fn.argv()) do
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    local name = vim.fn.fnamemodify(path, ':t')
    check(vim.bo[buf].filetype == 'parley', name .. ': filetype parley', vim.bo[buf].filetype)
    local ok, parser = pcall(vim.treesitter.get_parser, buf, 'parley')
    if not ok then
      check(false, name .. ': parser loads', tostring(parser))
      return
    end
    local root = parser:parse()[1]:root()
    local expect_error = name:find('half-typed', 1, true) ~= nil
    check(root:has_error() == expect_error, name .. (expect_error and ': errors found' or ': parses without error'))
    for _, query_name in ipairs({ 'highlights', 'folds', 'indents', 'locals', 'textobjects' }) do
      local loaded, query = pcall(get_query, query_name)
      local count = 0
      if loaded and query then
        for _ in query:iter_captures(root, buf, 0, -1) do
          count = count + 1
        end
      end
      check(loaded and query ~= nil and count > 0, name .. ': ' .. query_name .. ' query compiles and captures',
        loaded and (count .. ' captures') or tostring(query))
    end
  end
  say(string.format('neovim tree-sitter: %d failed', failures))
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
