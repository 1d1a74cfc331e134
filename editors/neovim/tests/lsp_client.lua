-- Drives `parley lsp` from a real, headless Neovim (0.7 and later):
-- diagnostics arrive, hover answers, and the P101 quick fix on `proposal`
-- applies and its diagnostic goes.
--
--   PARLEY_BIN=target/debug/parley timeout 60 nvim --headless --clean \
--     -u editors/neovim/tests/lsp_client.lua /tmp/copy-of-acme.parley
--
-- Everything runs from a VimEnter autocommand (Neovim 0.7 cannot start a
-- client earlier) with vim.lsp.start_client, the API every version has.
-- Prints one line per check and exits 0 when all pass, 1 otherwise.

local function say(line)
  io.stdout:write(line .. '\n')
end

local failures = 0
local function check(ok, what, detail)
  if ok then
    say('ok   - ' .. what)
  else
    failures = failures + 1
    say('FAIL - ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return ok
end

local function finish()
  say(string.format('neovim %s: %d failed', tostring(vim.version and vim.version().minor and
    (vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) or '?'), failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

-- The raw LSP diagnostics of the last publish, and its version.
local published = nil
local publish_count = 0

local function p101_on_proposal(diagnostics)
  for _, diagnostic in ipairs(diagnostics or {}) do
    if diagnostic.code == 'P101' and diagnostic.message:find('`proposal`', 1, true) then
      return diagnostic
    end
  end
  return nil
end

local function hover_text(result)
  if result == nil or result.contents == nil then
    return ''
  end
  local contents = result.contents
  if type(contents) == 'string' then
    return contents
  end
  if contents.value then
    return contents.value
  end
  local parts = {}
  for _, part in ipairs(contents) do
    parts[#parts + 1] = type(part) == 'string' and part or (part.value or '')
  end
  return table.concat(parts, '\n')
end

local function run()
  local bin = os.getenv('PARLEY_BIN') or 'parley'
  local buf = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(buf)
  check(vim.bo[buf].filetype == 'parley', 'filetype detected as parley', vim.bo[buf].filetype)

  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
  local client_id = vim.lsp.start_client({
    name = 'parley',
    cmd = { bin, 'lsp' },
    root_dir = vim.fn.fnamemodify(path, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        if result and vim.uri_to_bufnr(result.uri) == buf then
          published = result.diagnostics
          publish_count = publish_count + 1
        end
        return default_publish(err, result, ctx, config)
      end,
    },
  })
  if not check(client_id ~= nil, 'client started: ' .. bin .. ' lsp') then
    return finish()
  end
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. Diagnostics arrive, in the server's publish and in vim.diagnostic.
  vim.wait(20000, function()
    return p101_on_proposal(published) ~= nil
  end, 50)
  local p101 = p101_on_proposal(published)
  check(p101 ~= nil, 'P101 on `proposal` published', published and (#published .. ' diagnostics') or 'none')
  local shown = vim.diagnostic.get(buf)
  check(#shown > 0, 'vim.diagnostic holds the diagnostics', #shown .. ' shown')
  if p101 == nil then
    return finish()
  end

  -- 2. Hover on a stakeholder answers.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local hover_pos = nil
  for row, line in ipairs(lines) do
    local col = line:find('dana', 1, true)
    if line:match('^%s*with') and col then
      hover_pos = { line = row - 1, character = col - 1 }
      break
    end
  end
  if check(hover_pos ~= nil, 'found `with ... dana` to hover') then
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = hover_pos,
    }, 10000)
    local text = ''
    for _, response in pairs(responses or {}) do
      text = text .. hover_text(response.result)
    end
    check(text:find('Dana', 1, true) ~= nil, 'hover on `dana` names her', text:sub(1, 120))
  end

  -- 3. The P101 quick fix applies.
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = p101.range,
    context = { diagnostics = { p101 }, only = { 'quickfix' } },
  }, 10000)
  local action = nil
  for _, response in pairs(responses or {}) do
    for _, candidate in ipairs(response.result or {}) do
      local fixes_it = candidate.diagnostics == nil
      for _, d in ipairs(candidate.diagnostics or {}) do
        if d.code == 'P101' then
          fixes_it = true
        end
      end
      if fixes_it and (action == nil or candidate.isPreferred) and candidate.title:find('Insert', 1, true) then
        action = candidate
      end
    end
  end
  if not check(action ~= nil, 'a quick fix is offered for P101') then
    return finish()
  end
  say('     (' .. action.title .. ')')
  if action.edit == nil and action.command == nil and client.server_capabilities
    and type(client.server_capabilities.codeActionProvider) == 'table'
    and client.server_capabilities.codeActionProvider.resolveProvider then
    local resolved = client.request_sync('codeAction/resolve', action, 10000, buf)
    action = resolved and resolved.result or action
  end
  local before = publish_count
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  elseif action.command then
    local command = type(action.command) == 'table' and action.command or action
    client.request_sync('workspace/executeCommand', command, 10000, buf)
  end
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  check(text:find('discovery negotiated', 1, true) ~= nil, 'the fix inserted `discovery negotiated`')

  -- 4. Its diagnostic goes.
  vim.wait(20000, function()
    return publish_count > before and p101_on_proposal(published) == nil
  end, 50)
  check(publish_count > before, 'diagnostics published again after the edit')
  check(p101_on_proposal(published) == nil, 'P101 on `proposal` is gone')

  vim.lsp.stop_client(client_id)
  finish()
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
