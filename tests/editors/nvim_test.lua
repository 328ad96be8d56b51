-- Driven by tests/editors/nvim.sh:
--   nvim --headless --clean -u NONE -c "luafile tests/editors/nvim_test.lua" </dev/null
-- Environment: DRAGOMAN_BIN, DRAGOMAN_WS (workspace with seeds/ and draft.md),
-- DRAGOMAN_PLUGIN (editors/nvim), DRAGOMAN_MODE ("setup" or "enable"), DRAGOMAN_PIDFILE.
-- Writes one line per scenario to stdout: "RESULT PASS <id>" or "RESULT FAIL <id> <why>".
local BIN = assert(os.getenv("DRAGOMAN_BIN"), "DRAGOMAN_BIN")
local WS = assert(os.getenv("DRAGOMAN_WS"), "DRAGOMAN_WS")
local PLUGIN = assert(os.getenv("DRAGOMAN_PLUGIN"), "DRAGOMAN_PLUGIN")
local MODE = os.getenv("DRAGOMAN_MODE") or "setup"
local PIDFILE = os.getenv("DRAGOMAN_PIDFILE")
local WAIT = tonumber(os.getenv("DRAGOMAN_WAIT_MS") or "15000")

local function out(s)
  io.stdout:write(s .. "\n")
  io.stdout:flush()
end

local function result(id, ok, why)
  if ok then
    out("RESULT PASS " .. id)
  else
    out("RESULT FAIL " .. id .. " " .. tostring(why or ""):gsub("\n", " "))
  end
end

local ONLY = os.getenv("DRAGOMAN_STOP") == "1" and { diagnostics = true, ["server exits on shutdown and exit"] = true } or nil

local function scenario(id, fn)
  if ONLY and not ONLY[id] then
    return
  end
  local ok, res, why = xpcall(fn, debug.traceback)
  if not ok then
    result(id, false, "error: " .. tostring(res))
  else
    result(id, res, why)
  end
end

local function abort(why)
  out("RESULT FAIL setup " .. tostring(why):gsub("\n", " "))
  vim.cmd("cquit 1")
end

local has011 = vim.fn.has("nvim-0.11") == 1
local uv = vim.uv or vim.loop

vim.opt.runtimepath:prepend(PLUGIN)
vim.opt.swapfile = false
vim.cmd("filetype on")

-- MODE=missing: a server_path that does not exist must give a clear message, and no client.
if MODE == "missing" then
  local messages = {}
  vim.notify = function(msg, level)
    table.insert(messages, { msg = tostring(msg), level = level })
  end
  local missing = WS .. "/no-such-dir/dragoman"
  require("dragoman").setup({ server_path = missing })
  vim.cmd("edit " .. vim.fn.fnameescape(WS .. "/draft.md"))
  local mbuf = vim.api.nvim_get_current_buf()
  scenario("clear error without a server", function()
    local found
    vim.wait(2000, function()
      for _, m in ipairs(messages) do
        if m.msg:find(missing, 1, true) and m.level == vim.log.levels.ERROR then
          found = m.msg
          return true
        end
      end
      return false
    end, 20)
    if not found then
      local got = {}
      for _, m in ipairs(messages) do
        table.insert(got, m.msg)
      end
      return false, "no ERROR notification naming " .. missing .. "; got: " .. table.concat(got, " | ")
    end
    local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = mbuf }) or vim.lsp.buf_get_clients(mbuf)
    if next(clients) ~= nil then
      return false, "a client is attached all the same"
    end
    return true
  end)
  scenario("checkhealth without a server", function()
    vim.cmd("checkhealth dragoman")
    local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
    if not (text:find("ERROR", 1, true) and text:find(missing, 1, true)) then
      return false, "health does not report the missing binary as an error: " .. text:sub(1, 400)
    end
    return true
  end)
  vim.cmd("qall!")
  return
end

-- Start the client the way a user would.
if MODE == "enable" then
  if not has011 then
    abort("mode enable needs Neovim 0.11")
    return
  end
  vim.g.dragoman_fix_on_save = true
  vim.lsp.config("dragoman", { cmd = { BIN, "lsp" } })
  vim.lsp.enable("dragoman")
else
  require("dragoman").setup({ server_path = BIN, fix_on_save = true })
end

local draft = WS .. "/draft.md"
vim.cmd("edit " .. vim.fn.fnameescape(draft))
local buf = vim.api.nvim_get_current_buf()

local function dragoman_client()
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = buf })
  else
    clients = vim.lsp.buf_get_clients(buf)
  end
  for _, c in pairs(clients) do
    if c.name == "dragoman" then
      return c
    end
  end
end

local client
vim.wait(WAIT, function()
  client = dragoman_client()
  return client ~= nil and client.initialized ~= false
end, 20)
if not client then
  abort("no dragoman client attached to draft.md within " .. WAIT .. " ms (filetype=" .. vim.bo[buf].filetype .. ")")
  return
end

-- The server's pid, for the shutdown check the shell does after :qall.
local function server_pid()
  if client.rpc and type(client.rpc.pid) == "number" then
    return client.rpc.pid
  end
  local ps = vim.fn.systemlist({ "ps", "-o", "pid=,args=", "--ppid", tostring(vim.fn.getpid()) })
  for _, line in ipairs(ps) do
    local pid, args = line:match("^%s*(%d+)%s+(.*)$")
    if pid and args:find(BIN, 1, true) then
      return tonumber(pid)
    end
  end
end
local pid = server_pid()
if PIDFILE then
  local f = io.open(PIDFILE, "w")
  f:write(tostring(pid or ""))
  f:close()
end

local function diag_code(d)
  if d.code ~= nil then
    return d.code
  end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code
end

local function find_citation()
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = line:find("1540(2004)", 1, true)
    if s then
      return i - 1, s - 1 -- 0-based line, byte column of "1540"
    end
  end
end

local function position_params(row, col)
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  if has011 then
    return vim.lsp.util.make_position_params(0, client.offset_encoding)
  end
  return vim.lsp.util.make_position_params()
end

local function request(method, params, timeout_ms)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, timeout_ms or WAIT)
  if not res then
    return nil, "no answer to " .. method .. ": " .. tostring(err)
  end
  for _, r in pairs(res) do
    if r.err then
      return nil, method .. " error: " .. vim.inspect(r.err)
    end
    return r.result
  end
  return nil, "no client answered " .. method
end

scenario("diagnostics", function()
  local found
  vim.wait(WAIT, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if diag_code(d) == "dragoman/missing-space" then
        found = d
        return true
      end
    end
    return false
  end, 20)
  if not found then
    local got = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(got, tostring(diag_code(d)) .. ": " .. d.message)
    end
    return false, "no dragoman/missing-space diagnostic; got: " .. table.concat(got, " | ")
  end
  local row = find_citation()
  if found.lnum ~= row then
    return false, ("diagnostic on line %d, citation on line %d"):format(found.lnum, row)
  end
  return true
end)

scenario("hover", function()
  local row, col = find_citation()
  if not row then
    return false, "citation not in buffer"
  end
  local res, err = request("textDocument/hover", position_params(row, col + 1))
  if not res then
    return false, err or "null hover"
  end
  local c = res.contents
  local text
  if type(c) == "string" then
    text = c
  elseif c.value then
    text = c.value
  else
    local parts = {}
    for _, p in ipairs(c) do
      table.insert(parts, type(p) == "string" and p or p.value)
    end
    text = table.concat(parts, "\n")
  end
  -- Neovim shows the Markdown source: the hover must read as written, with no stray
  -- backslash escapes (`Non\-proliferation`, `Kazakhstan \(Mr\. Umarov\)`).
  if not text:find("Non-proliferation", 1, true) then
    return false, "hover lacks 'Non-proliferation': " .. text:sub(1, 200)
  end
  if text:find("\\", 1, true) then
    return false, "hover has a backslash escape: " .. text:sub(1, 300)
  end
  return true
end)

scenario("definition", function()
  local row, col = find_citation()
  -- The corpus may still be indexing right after start-up: ask again until it answers.
  local res, err
  local deadline = uv.now() + WAIT
  repeat
    res, err = request("textDocument/definition", position_params(row, col + 1), math.max(100, deadline - uv.now()))
    if err ~= nil or (type(res) == "table" and next(res) ~= nil) then
      break
    end
    vim.wait(100)
    uv.update_time()
  until uv.now() >= deadline
  if type(res) ~= "table" or next(res) == nil then
    return false, err or ("empty definition after " .. WAIT .. " ms")
  end
  local loc = res
  if loc.uri == nil and loc.targetUri == nil then
    loc = res[1]
  end
  if not loc then
    return false, "empty definition result"
  end
  local uri = loc.uri or loc.targetUri
  if not uri:find("/seeds/", 1, true) then
    return false, "definition outside seeds/: " .. uri
  end
  -- Jump there as the editor would, and check the cursor is on a mention of 1540.
  if vim.lsp.util.show_document then
    vim.lsp.util.show_document(loc, client.offset_encoding, { focus = true })
  else
    vim.lsp.util.jump_to_location(loc, client.offset_encoding)
  end
  local name = vim.api.nvim_buf_get_name(0)
  if not name:find("/seeds/", 1, true) then
    return false, "jumped to " .. name
  end
  local line = vim.api.nvim_get_current_line()
  local next_line = vim.api.nvim_buf_get_lines(0, vim.fn.line("."), vim.fn.line(".") + 1, false)[1] or ""
  if not (line .. " " .. next_line):find("1540", 1, true) then
    return false, "cursor line does not mention 1540: " .. line
  end
  vim.cmd("buffer " .. buf)
  return true
end)

local function keys(k, mode)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), mode or "x", false)
end

-- The text of the floating window the hover opened (nil if none within the wait).
local function hover_float()
  local text
  vim.wait(WAIT, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= "" then
        local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false)
        if #lines > 0 and table.concat(lines, "") ~= "" then
          text = table.concat(lines, "\n")
          pcall(vim.api.nvim_win_close, w, true)
          return true
        end
      end
    end
    return false
  end, 20)
  return text
end

scenario("gd map", function()
  vim.api.nvim_set_current_buf(buf)
  local m = vim.fn.maparg("gd", "n", false, true)
  if type(m) ~= "table" or m.buffer ~= 1 then
    return false, "no buffer-local gd map: " .. vim.inspect(m)
  end
  local row, col = find_citation()
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 1 })
  keys("gd")
  local ok = vim.wait(WAIT, function()
    return vim.api.nvim_buf_get_name(0):find("/seeds/", 1, true) ~= nil
  end, 20)
  local name = vim.api.nvim_buf_get_name(0)
  vim.cmd("buffer " .. buf)
  if not ok then
    return false, "gd did not jump to a corpus statement: " .. name
  end
  return true
end)

scenario("K hover", function()
  vim.api.nvim_set_current_buf(buf)
  local m = vim.fn.maparg("K", "n", false, true)
  if type(m) ~= "table" or m.buffer ~= 1 then
    return false, "no buffer-local K map"
  end
  local row, col = find_citation()
  vim.api.nvim_win_set_cursor(0, { row + 1, col + 1 })
  keys("K")
  local text = hover_float()
  if not text then
    return false, "K opened no hover window"
  end
  out("# hover as displayed (resolution): " .. text:gsub("\n", " | "))
  if not text:find("1540", 1, true) or not text:find("proliferation", 1, true) then
    return false, "hover lacks the resolution: " .. text:sub(1, 300)
  end
  if text:find("\\", 1, true) then
    return false, "the hover window shows a backslash: " .. text:sub(1, 300)
  end
  -- An instrument: a sentence naming one, added at the end of the draft.
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { "", "We welcome the Arms Trade Treaty." })
  vim.api.nvim_win_set_cursor(0, { n + 2, ("We welcome the Arms "):len() })
  vim.wait(400)
  keys("K")
  text = hover_float()
  if not text then
    return false, "K opened no hover window on an instrument"
  end
  out("# hover as displayed (instrument): " .. text:gsub("\n", " | "))
  if not text:find("Arms Trade Treaty", 1, true) then
    return false, "instrument hover lacks its name: " .. text:sub(1, 300)
  end
  if text:find("\\", 1, true) then
    return false, "the instrument's hover window shows a backslash: " .. text:sub(1, 300)
  end
  return true
end)

-- Appends `text` as a new last line, completes at its end with `trigger` (insert-mode keys,
-- ending in <Esc>) and returns the line as it then reads.
local function complete_line(text, trigger)
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { text })
  vim.api.nvim_win_set_cursor(0, { n + 1, 0 })
  vim.wait(400)
  keys("A" .. trigger)
  return vim.api.nvim_buf_get_lines(buf, n, n + 1, false)[1]
end

scenario("omnifunc completion", function()
  vim.api.nvim_set_current_buf(buf)
  if vim.bo[buf].omnifunc ~= "v:lua.require'dragoman'.omnifunc" then
    return false, "omnifunc is " .. vim.bo[buf].omnifunc
  end
  -- `154` offers 154, 1540 … 1549: the draft cites 1540, so it comes first, with its year.
  local line = complete_line("We recall resolution 154", "<C-x><C-o><Esc>")
  if line ~= "We recall resolution 1540 (2004)" then
    return false, "completion gave " .. vim.inspect(line)
  end
  -- After `79/` the edit starts at `79/`: the session is not typed twice.
  line = complete_line("and resolution 79/", "<C-x><C-o><Esc>")
  if line ~= "and resolution 79/1" then
    return false, "completion after 79/ gave " .. vim.inspect(line)
  end
  return true
end)

scenario("document links", function()
  -- The plugin asks for links on resolutions in prose too (links.resolutions = true).
  local res, err = request("textDocument/documentLink", { textDocument = { uri = vim.uri_from_bufnr(buf) } })
  if not res then
    return false, err
  end
  local targets = {}
  for _, l in ipairs(res) do
    table.insert(targets, l.target)
  end
  if not vim.tbl_contains(targets, "https://undocs.org/S/RES/1540(2004)") then
    return false, "no link on resolution 1540(2004): " .. table.concat(targets, " ")
  end
  return true
end)

scenario("DragomanFixAll", function()
  vim.api.nvim_set_current_buf(buf)
  if vim.fn.exists(":DragomanFixAll") ~= 2 then
    return false, ":DragomanFixAll does not exist"
  end
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { "See S/PRST 2017/2 and resolution 2325 (2015)." })
  vim.wait(400)
  vim.cmd("DragomanFixAll")
  local line = vim.api.nvim_buf_get_lines(buf, n, n + 1, false)[1]
  if line ~= "See S/PRST/2017/2 and resolution 2325 (2015)." then
    return false, "after :DragomanFixAll: " .. vim.inspect(line) .. " (the symbol fixed, the year, a content fix, left)"
  end
  return true
end)

scenario("fix-on-save", function()
  vim.api.nvim_set_current_buf(buf)
  vim.cmd("write")
  local f = io.open(draft, "r")
  local disk = f:read("*a")
  f:close()
  if disk:find("1540(2004)", 1, true) then
    return false, "file on disk still has 'resolution 1540(2004)'"
  end
  if not disk:find("resolution 1540 (2004)", 1, true) then
    return false, "file on disk lacks 'resolution 1540 (2004)': " .. disk:sub(1, 300)
  end
  return true
end)

scenario("checkhealth", function()
  vim.cmd("checkhealth dragoman")
  local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  vim.cmd("bwipeout!")
  if not text:find("found: " .. BIN, 1, true) then
    return false, "health does not report the binary: " .. text:sub(1, 400)
  end
  if not text:find("version: ", 1, true) then
    return false, "health does not report a version: " .. text:sub(1, 400)
  end
  return true
end)

-- DRAGOMAN_STOP=1: stop the client (shutdown, exit) with the editor still running, the way
-- :LspStop does; the server must exit by itself, without its stdin being closed or a kill.
if os.getenv("DRAGOMAN_STOP") == "1" then
  scenario("server exits on shutdown and exit", function()
    if not pid then
      return false, "server pid unknown"
    end
    if uv.kill(pid, 0) ~= 0 then
      return false, "server already gone before the stop"
    end
    vim.lsp.stop_client(client.id) -- not forced: shutdown, then exit
    local gone = vim.wait(5000, function()
      -- libuv reaps the child, so a process that exited no longer exists.
      local ok = pcall(uv.kill, pid, 0)
      return not ok or uv.kill(pid, 0) ~= 0
    end, 20)
    if not gone then
      return false, "pid " .. pid .. " still running 5 s after shutdown/exit"
    end
    return true
  end)
end

-- Quit as a user would; the shell checks that the server process is gone.
local function quit()
  local ok = pcall(vim.cmd, "qall")
  if not ok then
    vim.cmd("qall!")
  end
end

-- Neovim's own LSP omnifunc (a user who sets omnifunc=v:lua.vim.lsp.omnifunc, the default of
-- 0.11 without this plugin): 0.7 inserts the whole text edit; 0.11 stops at its first space
-- and the plugin's CompleteDone inserts the rest. It answers asynchronously, in insert mode,
-- so this runs last, from the main loop: the keys are typed as a user types them, a timer
-- waits for the menu, accepts the first item with <C-y>, and reads the line.
local function builtin_omnifunc(done)
  local cases = {
    { "We recall resolution 154", "We recall resolution 1540 (2004)" },
    { "and resolution 79/", "and resolution 79/1" },
  }
  local saved = vim.bo[buf].omnifunc
  local function finish(ok, why)
    vim.bo[buf].omnifunc = saved
    result("vim.lsp.omnifunc completion", ok, why)
    done()
  end
  local function typed(k)
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), "n", false)
  end
  local function run(i)
    if i > #cases then
      return finish(true)
    end
    local text, want = cases[i][1], cases[i][2]
    vim.api.nvim_set_current_buf(buf)
    vim.bo[buf].omnifunc = "v:lua.vim.lsp.omnifunc"
    local n = vim.api.nvim_buf_line_count(buf)
    vim.api.nvim_buf_set_lines(buf, n, n, false, { text })
    vim.api.nvim_win_set_cursor(0, { n + 1, 0 })
    typed("A<C-x><C-o>")
    local t0, accepted = uv.now(), false
    local function poll()
      uv.update_time()
      if not accepted and vim.fn.mode() == "i" and vim.fn.pumvisible() == 1 then
        accepted = true
        typed("<C-y><Esc>")
      elseif accepted and vim.fn.mode() == "n" then
        local line = vim.api.nvim_buf_get_lines(buf, n, n + 1, false)[1]
        if line ~= want then
          return finish(false, ("after %q: %s (want %q)"):format(text, vim.inspect(line), want))
        end
        return run(i + 1)
      elseif uv.now() - t0 > WAIT then
        typed("<Esc>")
        return finish(false, ("after %q: no completion menu within %d ms (mode %s)"):format(text, WAIT, vim.fn.mode()))
      end
      vim.defer_fn(poll, 20)
    end
    vim.defer_fn(poll, 20)
  end
  -- The draft is edited above; let the server catch up before asking.
  vim.defer_fn(function()
    run(1)
  end, 400)
end

if ONLY then
  quit()
else
  builtin_omnifunc(quit)
end
