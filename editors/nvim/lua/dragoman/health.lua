-- :checkhealth dragoman
local M = {}

local health = vim.health or require("health")
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error = health.error or health.report_error
local info = health.info or health.report_info

local function nvim_version()
  local v = vim.version()
  return ("%d.%d.%d"):format(v.major, v.minor, v.patch)
end

local function run(cmd)
  -- vim.fn.system with a list runs without a shell; bounded so a wedged binary cannot hang us.
  local out
  if vim.system then
    local res = vim.system(cmd, { text = true }):wait(5000)
    if res.code ~= 0 then
      return nil, ("exit %s: %s"):format(tostring(res.code), (res.stderr or ""):gsub("%s+$", ""))
    end
    out = res.stdout or ""
  else
    out = vim.fn.system(vim.list_extend({ "timeout", "5" }, cmd))
    if vim.v.shell_error ~= 0 then
      return nil, ("exit %d: %s"):format(vim.v.shell_error, out:gsub("%s+$", ""))
    end
  end
  return (out:gsub("%s+$", ""))
end

function M.check()
  start("Neovim")
  local v = nvim_version()
  if vim.fn.has("nvim-0.11") == 1 then
    ok("Neovim " .. v .. ": vim.lsp.config / vim.lsp.enable(\"dragoman\") and require(\"dragoman\").setup() both work")
  elseif vim.fn.has("nvim-0.8") == 1 then
    ok("Neovim " .. v .. ": use require(\"dragoman\").setup()")
  else
    warn("Neovim " .. v .. " is older than 0.8: setup() falls back to vim.lsp.start_client; upgrade to 0.8 or newer")
  end

  start("dragoman binary")
  local dragoman = require("dragoman")
  local cfg = dragoman.config
  if cfg.cmd then
    info("cmd set in setup(): " .. table.concat(cfg.cmd, " "))
  end
  local path, err
  -- Neovim 0.11: a `vim.lsp.config("dragoman", { cmd = ... })` takes precedence when setup() set none.
  local lsp_cmd
  if not cfg.server_path and not cfg.cmd and vim.lsp.config then
    local okc, resolved = pcall(function()
      return vim.lsp.config["dragoman"]
    end)
    if okc and type(resolved) == "table" and type(resolved.cmd) == "table" then
      lsp_cmd = resolved.cmd
      info("vim.lsp.config cmd: " .. table.concat(lsp_cmd, " "))
    end
  end
  if cfg.cmd or lsp_cmd then
    local exe = (cfg.cmd or lsp_cmd)[1]
    path = vim.fn.exepath(exe)
    if path == "" then
      path, err = nil, ("%q from the cmd is not an executable"):format(exe)
    end
  else
    path, err = dragoman.server_path(cfg)
  end
  if not path then
    error(err, {
      "Build it: `cargo build --release` gives target/release/dragoman",
      "Then: require(\"dragoman\").setup({ server_path = \"/path/to/dragoman\" }), or put it on PATH",
    })
    return
  end
  ok("found: " .. path)
  local version, verr = run({ path, "--version" })
  if version and version ~= "" then
    ok("version: " .. version)
  elseif version then
    warn("`" .. path .. " --version` printed nothing")
  else
    error("`" .. path .. " --version` failed: " .. tostring(verr))
  end

  start("dragoman setup")
  info("filetypes: " .. table.concat(cfg.filetypes, ", "))
  info("root markers: " .. table.concat(cfg.root_markers, ", "))
  local fix = cfg.fix_on_save
  if vim.g.dragoman_fix_on_save ~= nil then
    fix = vim.g.dragoman_fix_on_save
  end
  info("fix on save: " .. tostring(fix and true or false))
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ name = "dragoman" })
  else
    clients = {}
    for _, c in pairs(vim.lsp.get_active_clients()) do
      if c.name == "dragoman" then
        table.insert(clients, c)
      end
    end
  end
  if #clients == 0 then
    info("no dragoman client running (open a text or Markdown file)")
  else
    for _, c in ipairs(clients) do
      ok(("client %d running, root %s"):format(c.id, tostring(c.config.root_dir)))
    end
  end
end

return M
