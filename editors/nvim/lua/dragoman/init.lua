-- Dragoman for Neovim: starts `dragoman lsp` for text and Markdown buffers.
--
--   require("dragoman").setup({ fix_on_save = true })
--
-- Neovim 0.8+ uses vim.lsp.start; 0.7 falls back to vim.lsp.start_client. On 0.11+ you may
-- instead use the `lsp/dragoman.lua` config shipped with this plugin: vim.lsp.enable("dragoman").
local M = {}

local uv = vim.uv or vim.loop

M.defaults = {
  -- Path to the binary; nil: vim.g.dragoman_server_path, then `dragoman` on PATH.
  server_path = nil,
  -- Full command; overrides server_path when set.
  cmd = nil,
  filetypes = { "text", "markdown" },
  root_markers = { "dragoman.toml", ".git", "seeds" },
  -- Server settings (section `dragoman`): corpus folders, rule severities, excluded globs.
  settings = {
    corpus = {},
    rules = {},
    exclude = {},
    -- Document links on resolutions cited in prose too, not only on document symbols
    -- (`S/2017/1025`). On here: Neovim draws no decoration for links. (VS Code: off.)
    links = { resolutions = true },
  },
  -- Apply `source.fixAll.dragoman` synchronously before every :write.
  fix_on_save = false,
  fix_on_save_timeout_ms = 2000,
  -- Buffer-local maps set on attach (any key false to leave it alone; keymaps = false for
  -- none; or vim.g.dragoman_keymaps = false). `gd` goes to the source statements, `K` hovers;
  -- `references = "<lhs>"` adds a map for references (none by default: 0.11 maps `grr`).
  keymaps = { definition = "gd", hover = "K" },
  -- Set the buffer's omnifunc (<C-x><C-o>) to Dragoman's, which inserts the server's text
  -- edit whole (`1540 (2004)`, not `1540`).
  omnifunc = true,
  on_attach = nil,
  capabilities = nil,
}

M.config = vim.deepcopy(M.defaults)

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("dragoman: " .. msg, level or vim.log.levels.INFO)
  end)
end

--- The server binary: option, then vim.g.dragoman_server_path, then PATH. nil when none.
function M.server_path(cfg)
  cfg = cfg or M.config
  local candidates = { cfg.server_path, vim.g.dragoman_server_path }
  for _, p in ipairs(candidates) do
    if type(p) == "string" and p ~= "" then
      p = vim.fn.expand(p)
      if vim.fn.executable(p) == 1 then
        return p
      end
      return nil, ("server_path %q is not an executable file"):format(p)
    end
  end
  local onpath = vim.fn.exepath("dragoman")
  if onpath ~= "" then
    return onpath
  end
  return nil, "`dragoman` not found: set server_path in setup() or put it on PATH"
end

function M.cmd(cfg)
  cfg = cfg or M.config
  if cfg.cmd then
    return cfg.cmd
  end
  local path, err = M.server_path(cfg)
  if not path then
    return nil, err
  end
  return { path, "lsp" }
end

--- Nearest folder upward from `path` holding one of `markers`, else nil.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { path = path, upward = true })[1]
    if found then
      return vim.fs.dirname(found)
    end
    return nil
  end
  -- Neovim 0.7: no vim.fs.
  local dir = path
  while dir and dir ~= "" do
    for _, m in ipairs(markers) do
      if uv.fs_stat(dir .. "/" .. m) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end

local function buf_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return uv.cwd()
  end
  return vim.fn.fnamemodify(name, ":p:h")
end

-- ---------------------------------------------------------------------------------------
-- Fix on save

-- Length of `line` in the client's position encoding.
local function encoded_len(line, encoding)
  if encoding == "utf-8" then
    return #line
  end
  local n = 0
  for ch in line:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    if encoding == "utf-16" and #ch == 4 then
      n = n + 2
    else
      n = n + 1
    end
  end
  return n
end

local function lsp_diagnostics(bufnr, client_id)
  local out = {}
  if not vim.diagnostic then
    return out
  end
  local ns = vim.lsp.diagnostic.get_namespace(client_id)
  for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
    -- Neovim 0.7 keeps only code and data there: pass whole diagnostics only (LSP requires a range).
    local lsp = d.user_data and d.user_data.lsp
    if lsp and lsp.range and lsp.message then
      table.insert(out, lsp)
    end
  end
  return out
end

local function get_client(id)
  if vim.lsp.get_client_by_id then
    return vim.lsp.get_client_by_id(id)
  end
end

local function clients_for(bufnr)
  local out = {}
  local all
  if vim.lsp.get_clients then
    all = vim.lsp.get_clients({ bufnr = bufnr, name = "dragoman" })
  else
    all = vim.lsp.buf_get_clients(bufnr)
  end
  for _, c in pairs(all) do
    if c.name == "dragoman" then
      table.insert(out, c)
    end
  end
  return out
end

local function client_request_sync(client, method, params, timeout_ms, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request_sync(method, params, timeout_ms, bufnr)
  end
  return client.request_sync(method, params, timeout_ms, bufnr)
end

local function apply_action(client, action, bufnr, timeout_ms)
  local enc = client.offset_encoding or "utf-16"
  if not action.edit and not action.command then
    -- A lazy action: resolve it for its edit, if the server can.
    local caps = client.server_capabilities or client.resolved_capabilities or {}
    local cap = caps.codeActionProvider
    if type(cap) == "table" and cap.resolveProvider then
      local res = client_request_sync(client, "codeAction/resolve", action, timeout_ms, bufnr)
      if res and res.result then
        action = res.result
      end
    end
  end
  if action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, enc)
  end
  local command = action.command
  if type(command) == "table" then
    client_request_sync(client, "workspace/executeCommand", command, timeout_ms, bufnr)
  end
end

--- Applies `source.fixAll.dragoman` to `bufnr` synchronously. Returns how many actions applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  timeout_ms = timeout_ms or M.config.fix_on_save_timeout_ms
  local applied = 0
  for _, client in ipairs(clients_for(bufnr)) do
    local enc = client.offset_encoding or "utf-16"
    local n = vim.api.nvim_buf_line_count(bufnr)
    local last = vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1] or ""
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = {
        start = { line = 0, character = 0 },
        ["end"] = { line = n - 1, character = encoded_len(last, enc) },
      },
      context = {
        only = { "source.fixAll.dragoman" },
        diagnostics = lsp_diagnostics(bufnr, client.id),
        triggerKind = 1,
      },
    }
    local res, err = client_request_sync(client, "textDocument/codeAction", params, timeout_ms, bufnr)
    if not res then
      notify("fix on save: " .. tostring(err), vim.log.levels.WARN)
    elseif res.err then
      notify("fix on save: " .. vim.inspect(res.err), vim.log.levels.WARN)
    else
      for _, action in ipairs(res.result or {}) do
        local kind = action.kind or ""
        if kind == "source.fixAll.dragoman" or kind == "source.fixAll" or kind:sub(1, 23) == "source.fixAll.dragoman." then
          apply_action(client, action, bufnr, timeout_ms)
          applied = applied + 1
        end
      end
    end
  end
  return applied
end

local augroup = vim.api.nvim_create_augroup("dragoman_fix_on_save", { clear = true })

--- Installs the BufWritePre autocommand of fix_on_save on `bufnr` (once).
function M.enable_fix_on_save(bufnr)
  vim.api.nvim_clear_autocmds({ group = augroup, buffer = bufnr })
  vim.api.nvim_create_autocmd("BufWritePre", {
    group = augroup,
    buffer = bufnr,
    desc = "dragoman: apply source.fixAll.dragoman before writing",
    callback = function(args)
      M.fix_all(args.buf)
    end,
  })
end

-- ---------------------------------------------------------------------------------------
-- Completion: an omnifunc that inserts the text edit whole

-- Byte index in `line` of `units` code units of `encoding` (0-based both).
local function byte_of(line, units, encoding)
  if encoding == "utf-8" then
    return math.min(units, #line)
  end
  local n, b = 0, 0
  for ch in line:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    if n >= units then
      return b
    end
    n = n + ((encoding == "utf-16" and #ch == 4) and 2 or 1)
    b = b + #ch
  end
  return b
end

local pending = { items = {}, start = nil }

--- omnifunc: asks the server for completions and inserts each item's text edit as the server
--- sent it (Neovim's own omnifunc keeps only the text before the first space on 0.11).
function M.omnifunc(findstart, base)
  local bufnr = vim.api.nvim_get_current_buf()
  if findstart == 1 then
    pending = { items = {}, start = nil }
    local client = clients_for(bufnr)[1]
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_get_current_line()
    local fallback = vim.fn.match(line:sub(1, col), "\\k*$")
    if not client then
      return -3
    end
    local enc = client.offset_encoding or "utf-16"
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = row - 1, character = encoded_len(line:sub(1, col), enc) },
    }
    local res = client_request_sync(client, "textDocument/completion", params, M.config.fix_on_save_timeout_ms, bufnr)
    local result = res and res.result or {}
    local items = result.items or result
    for _, item in ipairs(items) do
      local edit = item.textEdit
      local range = edit and (edit.range or edit.insert)
      if range and range.start.line == row - 1 then
        local start = byte_of(line, range.start.character, enc)
        pending.start = pending.start and math.min(pending.start, start) or start
      end
      table.insert(pending.items, item)
    end
    return pending.start or fallback
  end
  local out = {}
  for _, item in ipairs(pending.items) do
    local word = (item.textEdit and item.textEdit.newText) or item.insertText or item.label
    local filter = item.filterText or word
    if base == "" or vim.startswith(filter, base) or vim.startswith(word, base) then
      table.insert(out, {
        word = word,
        abbr = item.label,
        menu = item.detail or "",
        info = type(item.documentation) == "table" and item.documentation.value or item.documentation or "",
        icase = 1,
        dup = 1,
        empty = 1,
      })
    end
  end
  return out
end

--- CompleteDone: Neovim 0.11's own LSP completion (vim.lsp.omnifunc, vim.lsp.completion)
--- inserts a plain-text edit only up to its first space (`1540` of `1540 (2004)`); this
--- inserts the rest of a Dragoman item's text edit after what was inserted. Does nothing
--- when the whole text is already there (Neovim 0.7, this plugin's omnifunc, nvim-cmp,
--- blink.cmp) or the completion was cancelled.
function M.complete_done()
  local ev = vim.v.event
  if type(ev) == "table" and ev.reason ~= nil and ev.reason ~= "accept" then
    return
  end
  local item = vim.v.completed_item
  local ud = type(item) == "table" and item.user_data
  local lsp = type(ud) == "table" and type(ud.nvim) == "table" and ud.nvim.lsp
  local ci = type(lsp) == "table" and lsp.completion_item
  if type(ci) ~= "table" or type(ci.textEdit) ~= "table" or ci.insertTextFormat == 2 then
    return
  end
  local client = get_client(lsp.client_id)
  if not client or client.name ~= "dragoman" then
    return
  end
  local word, new = item.word or "", ci.textEdit.newText or ""
  if word == "" or #new <= #word or new:sub(1, #word) ~= word then
    return
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local line = vim.api.nvim_get_current_line()
  local rest = new:sub(#word + 1)
  if col < #word or line:sub(col - #word + 1, col) ~= word or line:sub(col + 1, col + #rest) == rest then
    return
  end
  vim.api.nvim_buf_set_text(0, row - 1, col, row - 1, col, { rest })
  vim.api.nvim_win_set_cursor(0, { row, col + #rest })
end

local complete_group = vim.api.nvim_create_augroup("dragoman_complete_done", { clear = true })

-- ---------------------------------------------------------------------------------------
-- Attaching: maps, omnifunc, commands

local function keymaps_wanted()
  if vim.g.dragoman_keymaps == false or M.config.keymaps == false then
    return {}
  end
  if type(vim.g.dragoman_keymaps) == "table" then
    return vim.g.dragoman_keymaps
  end
  return M.config.keymaps or {}
end

--- Sets the buffer-local maps of `keymaps` on `bufnr` (Neovim 0.7+: vim.keymap.set).
function M.set_keymaps(bufnr)
  local maps = keymaps_wanted()
  local actions = {
    definition = { vim.lsp.buf.definition, "dragoman: go to the source statements" },
    hover = { vim.lsp.buf.hover, "dragoman: what the citation is" },
    references = { vim.lsp.buf.references, "dragoman: where it is cited" },
  }
  for name, lhs in pairs(maps) do
    local action = actions[name]
    if action and type(lhs) == "string" and lhs ~= "" then
      vim.keymap.set("n", lhs, action[1], { buffer = bufnr, silent = true, desc = action[2] })
    end
  end
end

--- The user commands (global, created once): :DragomanFixAll.
function M.create_commands()
  pcall(vim.api.nvim_create_user_command, "DragomanFixAll", function()
    M.fix_all(0)
  end, { desc = "Apply every safe Dragoman fix to this buffer" })
end

--- on_attach shared by setup() and lsp/dragoman.lua.
function M.on_attach(client, bufnr)
  M.create_commands()
  M.set_keymaps(bufnr)
  local omni = M.config.omnifunc
  if vim.g.dragoman_omnifunc ~= nil then
    omni = vim.g.dragoman_omnifunc
  end
  if omni then
    vim.bo[bufnr].omnifunc = "v:lua.require'dragoman'.omnifunc"
  end
  vim.api.nvim_clear_autocmds({ group = complete_group, buffer = bufnr })
  vim.api.nvim_create_autocmd("CompleteDone", {
    group = complete_group,
    buffer = bufnr,
    desc = "dragoman: insert the whole text of a completion Neovim cut at a space",
    callback = function()
      M.complete_done()
    end,
  })
  local fix = M.config.fix_on_save
  if vim.g.dragoman_fix_on_save ~= nil then
    fix = vim.g.dragoman_fix_on_save
  end
  if fix then
    M.enable_fix_on_save(bufnr)
  end
  if M.config.on_attach then
    M.config.on_attach(client, bufnr)
  end
end

-- ---------------------------------------------------------------------------------------
-- Starting

--- The `dragoman` settings as sent to the server (an empty `rules` stays a JSON object).
function M.server_settings(settings)
  settings = vim.deepcopy(settings or M.config.settings or {})
  settings.corpus = settings.corpus or {}
  settings.exclude = settings.exclude or {}
  if settings.rules == nil or next(settings.rules) == nil then
    settings.rules = vim.empty_dict()
  end
  if settings.links == nil then
    settings.links = vim.deepcopy(M.defaults.settings.links)
  end
  return settings
end

local function client_config(bufnr, cmd)
  local cfg = M.config
  local root = M.find_root(buf_dir(bufnr), cfg.root_markers) or buf_dir(bufnr)
  return {
    name = "dragoman",
    cmd = cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") },
    },
    init_options = M.server_settings(cfg.settings),
    settings = { dragoman = M.server_settings(cfg.settings) },
    capabilities = cfg.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = M.on_attach,
  }
end

local started_07 = {} -- root_dir -> client id (Neovim 0.7 only)

--- Starts (or reuses) the client for `bufnr` and attaches it. Returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cmd, err = M.cmd()
  if not cmd then
    notify(err, vim.log.levels.ERROR)
    return nil
  end
  local conf = client_config(bufnr, cmd)
  if vim.lsp.start then
    return vim.lsp.start(conf, { bufnr = bufnr })
  end
  -- Neovim 0.7
  local id = started_07[conf.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(conf)
    started_07[conf.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local setup_group = vim.api.nvim_create_augroup("dragoman_setup", { clear = true })

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  vim.api.nvim_clear_autocmds({ group = setup_group })
  vim.api.nvim_create_autocmd("FileType", {
    group = setup_group,
    pattern = M.config.filetypes,
    desc = "dragoman: start the language server",
    callback = function(args)
      if vim.bo[args.buf].buftype == "" then
        M.start(args.buf)
      end
    end,
  })
  -- Buffers already open when setup() runs (lazy loading).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) and vim.bo[buf].buftype == "" then
      M.start(buf)
    end
  end
  M.create_commands()
end

return M
