-- Neovim 0.11+: `vim.lsp.enable("dragoman")` with this plugin on the runtimepath.
-- Override any field with vim.lsp.config("dragoman", { ... }), e.g.
--   vim.lsp.config("dragoman", { cmd = { "/path/to/dragoman", "lsp" },
--                                settings = { dragoman = { rules = { ["dragoman/missing-space"] = "off" } } } })
-- Fix on save: vim.g.dragoman_fix_on_save = true (or require("dragoman").setup{ fix_on_save = true }).
local ok, dragoman = pcall(require, "dragoman")

local cmd = { "dragoman", "lsp" }
if ok then
  local path = dragoman.server_path()
  if path then
    cmd = { path, "lsp" }
  end
end

local settings = ok and dragoman.server_settings() or { corpus = {}, rules = vim.empty_dict(), exclude = {}, links = { resolutions = true } }

return {
  cmd = cmd,
  filetypes = { "text", "markdown" },
  root_markers = { "dragoman.toml", ".git", "seeds" },
  init_options = settings,
  settings = { dragoman = settings },
  on_attach = ok and dragoman.on_attach or nil,
}
