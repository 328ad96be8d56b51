// Driven by tests/editors/vscode.sh: drives code-server (the real VS Code workbench) in
// Debian's Chromium with playwright-core. Prints "RESULT PASS <id>" / "RESULT FAIL <id> <why>".
//
// Environment: PLAYWRIGHT_CORE (path to the playwright-core package), CS_URL (code-server URL
// with ?folder=), DRAGOMAN_WS (workspace), ARTIFACTS (folder for screenshots), CHROMIUM.
"use strict";
const fs = require("fs");
const path = require("path");

const { chromium } = require(process.env.PLAYWRIGHT_CORE);
const URL = process.env.CS_URL;
const WS = process.env.DRAGOMAN_WS;
const ARTIFACTS = process.env.ARTIFACTS;
const DRAFT = path.join(WS, "draft.md");
const STEP_MS = Number(process.env.DRAGOMAN_STEP_MS || 30000);
// DRAGOMAN_ONLY: comma-separated scenario ids to run (default: all).
const ONLY = process.env.DRAGOMAN_ONLY ? new Set(process.env.DRAGOMAN_ONLY.split(",")) : null;
const SHOT_PREFIX = process.env.SHOT_PREFIX || "vscode-";

const results = [];
function out(line) {
  process.stdout.write(line + "\n");
}
function result(id, ok, why) {
  results.push({ id, ok });
  out(ok ? `RESULT PASS ${id}` : `RESULT FAIL ${id} :: ${String(why || "").replace(/\s+/g, " ").slice(0, 600)}`);
}

async function shot(page, name) {
  if (!page || !ARTIFACTS) return;
  try {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${SHOT_PREFIX}${name.replace(/[^A-Za-z0-9_-]+/g, "-")}.png`);
    await page.screenshot({ path: file });
    out(`# screenshot: ${file}`);
  } catch (e) {
    out(`# screenshot failed: ${e}`);
  }
}

async function scenario(page, id, fn) {
  if (ONLY && !ONLY.has(id)) return;
  const t = Date.now();
  try {
    const why = await fn();
    if (why === true || why === undefined) {
      result(id, true);
      if (process.env.SCREENSHOTS === "all") await shot(page, id);
    } else {
      result(id, false, why);
      await shot(page, id);
    }
  } catch (e) {
    result(id, false, e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : String(e));
    await shot(page, id);
  }
  out(`# ${id}: ${((Date.now() - t) / 1000).toFixed(1)}s`);
}

async function poll(fn, ms = STEP_MS, every = 200) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, every));
  }
  return last;
}

// Screen rectangle of `needle` inside the editor's rendered lines (null when not rendered).
async function textRect(page, needle, offsetInNeedle = 0) {
  return page.evaluate(
    ({ needle, offsetInNeedle }) => {
      const editor = document.querySelector(".monaco-editor .view-lines");
      if (!editor) return null;
      const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent.replace(/\u00a0/g, " ");
        const i = text.indexOf(needle);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i + offsetInNeedle);
          r.setEnd(n, i + offsetInNeedle + 1);
          const b = r.getBoundingClientRect();
          return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
        }
      }
      return null;
    },
    { needle, offsetInNeedle },
  );
}

// Runs a command from the command palette by its title; false when the palette lacks it.
async function runCommand(page, title) {
  await page.keyboard.press("Control+Shift+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible" });
  await page.keyboard.type(title, { delay: 10 });
  const row = await poll(async () => {
    const rows = await page.locator(".quick-input-list .monaco-list-row").allInnerTexts();
    return rows.find((r) => r.includes(title.replace(/^[^:]*: /, "")));
  }, 10000);
  if (!row) {
    await page.keyboard.press("Escape");
    return false;
  }
  await page.keyboard.press("Enter");
  return true;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  let ready = false;
  try {
    await page.goto(URL, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.waitForSelector(".monaco-workbench", { timeout: 60000 });
    await page.waitForSelector(".explorer-folders-view, .explorer-viewlet, #workbench\\.view\\.explorer", {
      timeout: 60000,
    });
    // Open the draft with Quick Open.
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 450 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("draft.md", { delay: 20 });
    await poll(async () => (await page.locator(".quick-input-list .monaco-list-row").count()) > 0, 15000);
    await page.keyboard.press("Enter");
    await poll(async () => (await textRect(page, "1540(2004)")) !== null, 30000);
    ready = (await textRect(page, "1540(2004)")) !== null;
  } catch (e) {
    out(`# opening the draft: ${e}`);
  }
  if (!ready) {
    result("open draft", false, "draft.md did not open in the editor");
    await shot(page, "open-draft");
    for (const id of ["diagnostics", "hover", "status bar", "restart and show output commands", "check workspace command", "rule severity setting", "fix on save", "completion", "link decoration", "clear error without a server"]) {
      if (!ONLY || ONLY.has(id)) result(id, false, "not reached");
    }
    await browser.close();
    return;
  }
  result("open draft", true);

  await scenario(page, "diagnostics", async () => {
    const squiggle = await poll(async () => (await page.locator(".squiggly-warning, .squiggly-error").count()) > 0);
    const problems = await poll(async () => {
      const el = page.locator("#status\\.problems");
      if ((await el.count()) === 0) return false;
      const label = ((await el.first().getAttribute("aria-label")) || "") + " " + (await el.first().innerText());
      const n = (label.match(/\d+/g) || []).map(Number).reduce((a, b) => a + b, 0);
      return n > 0 ? label : false;
    });
    if (!squiggle) return "no squiggle (.squiggly-warning/.squiggly-error) in the editor";
    if (!problems) return "Problems count stays 0";
    out(`# problems: ${String(problems).replace(/\s+/g, " ")}`);
    // The entry in the Problems panel (View: Problems, Ctrl+Shift+M), from the live server.
    const entry = await poll(async () => {
      if ((await page.locator(".markers-panel").count()) === 0) {
        await page.keyboard.press("Control+Shift+M");
        await page.waitForTimeout(300);
      }
      const panel = page.locator(".markers-panel");
      if ((await panel.count()) === 0) return false;
      const text = (await panel.first().innerText()).replace(/\s+/g, " ");
      return text.includes("draft.md") && text.includes("dragoman/missing-space") && /1540 \(2004\)/.test(text)
        ? text
        : false;
    });
    if (!entry) return "no Problems panel entry for draft.md with dragoman/missing-space";
    out(`# problems panel: ${entry.slice(0, 200)}`);
    await shot(page, "passed-diagnostics");
    return true;
  });

  await scenario(page, "hover", async () => {
    let text = "";
    const ok = await poll(
      async () => {
        const at = await textRect(page, "1540(2004)", 1);
        if (!at) return false;
        await page.mouse.move(at.x - 40, at.y + 60);
        await page.mouse.move(at.x, at.y, { steps: 4 });
        const hover = await poll(async () => {
          const h = page.locator(".monaco-hover:visible");
          return (await h.count()) > 0 ? (await h.allInnerTexts()).join("\n") : false;
        }, 3000);
        text = hover || "";
        return text.includes("Non-proliferation");
      },
      STEP_MS,
      500,
    );
    if (!ok) return `hover lacks "Non-proliferation": ${text.slice(0, 300) || "(no hover)"}`;
    await shot(page, "passed-hover");
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");
    return true;
  });

  await scenario(page, "status bar", async () => {
    let seen = "";
    const ok = await poll(async () => {
      const items = await page.locator("#status\\.bar, .statusbar-item, .statusbar").allInnerTexts().catch(() => []);
      const all = items.join(" | ");
      const m = all.match(/Dragoman[^|\n]*/g);
      seen = m ? m.join(" | ") : all.slice(0, 200);
      return m && m.some((s) => /statement/.test(s));
    });
    if (!ok) return `status bar shows no index state ("Dragoman: N statements"): ${seen}`;
    out(`# status: ${seen}`);
    return true;
  });

  await scenario(page, "restart and show output commands", async () => {
    if (!(await runCommand(page, "Dragoman: Restart Language Server"))) {
      return "command 'Dragoman: Restart Language Server' not in the command palette";
    }
    if (!(await runCommand(page, "Dragoman: Show Output"))) {
      return "command 'Dragoman: Show Output' not in the command palette";
    }
    // The Dragoman output channel, shown in the panel, tells of the restart and both starts.
    let seen = "";
    const ok = await poll(async () => {
      const views = await page.locator(".part.panel .monaco-editor .view-lines").allInnerTexts().catch(() => []);
      seen = views.join(" ").replace(/\s+/g, " ");
      return seen.includes("Restarting the language server") && (seen.match(/Starting \S+ lsp/g) || []).length >= 2;
    });
    if (!ok) return `the Dragoman output does not show the restart: ${seen.slice(0, 300)}`;
    // The new server publishes again and indexes again.
    const back = await poll(async () => {
      const squiggles = await page.locator(".monaco-editor .squiggly-warning").count();
      const status = (await page.locator(".statusbar").allInnerTexts().catch(() => [])).join(" ");
      return squiggles > 0 && /Dragoman: \d+ statements?/.test(status);
    });
    if (!back) return "after the restart: no squiggle, or no index state in the status bar";
    return true;
  });

  await scenario(page, "check workspace command", async () => {
    // other.txt is never opened: only `dragoman check` (the command) can report it.
    if (!(await runCommand(page, "Dragoman: Check Workspace"))) {
      return "command 'Dragoman: Check Workspace' not in the command palette";
    }
    let seen = "";
    const ok = await poll(async () => {
      const panel = page.locator(".markers-panel");
      if ((await panel.count()) === 0) return false;
      seen = (await panel.first().innerText()).replace(/\s+/g, " ");
      return seen.includes("other.txt") && seen.includes("dragoman/missing-space");
    });
    if (!ok) return `Problems panel lacks other.txt / dragoman/missing-space: ${seen.slice(0, 300)}`;
    // Back to the draft for the save.
    await page.keyboard.press("Control+P");
    await page.waitForSelector(".quick-input-widget input", { state: "visible" });
    await page.keyboard.type("draft.md", { delay: 20 });
    await poll(async () => (await page.locator(".quick-input-list .monaco-list-row").count()) > 0, 10000);
    await page.keyboard.press("Enter");
    return true;
  });

  await scenario(page, "rule severity setting", async () => {
    // dragoman.rules reaches the server (didChangeConfiguration): the warning becomes an error,
    // and a warning again when the setting goes. A workspace setting: code-server does not
    // notice edits of the user settings file.
    const vsdir = path.join(WS, ".vscode");
    fs.mkdirSync(vsdir, { recursive: true });
    const squiggles = async (cls) => page.locator(`.monaco-editor .${cls}`).count();
    fs.writeFileSync(path.join(vsdir, "settings.json"), '{ "dragoman.rules": { "dragoman/missing-space": "error" } }\n');
    if (!(await poll(async () => (await squiggles("squiggly-error")) > 0 && (await squiggles("squiggly-warning")) === 0))) {
      return "with dragoman.rules { missing-space: error } the squiggle did not turn into an error";
    }
    fs.writeFileSync(path.join(vsdir, "settings.json"), "{}\n");
    if (!(await poll(async () => (await squiggles("squiggly-warning")) > 0 && (await squiggles("squiggly-error")) === 0))) {
      return "with the setting removed the squiggle did not turn back into a warning";
    }
    return true;
  });

  await scenario(page, "fix on save", async () => {
    const at = await textRect(page, "1540(2004)", 1);
    if (at) await page.mouse.click(at.x, at.y);
    await page.keyboard.press("Control+S");
    const disk = await poll(async () => {
      const s = fs.readFileSync(DRAFT, "utf8");
      return s.includes("resolution 1540 (2004)") && !s.includes("1540(2004)") ? s : false;
    });
    if (!disk) return `file on disk not fixed: ${fs.readFileSync(DRAFT, "utf8").slice(0, 300)}`;
    // The server re-checks the saved text: the squiggle and draft.md's Problems entry go away
    // (other.txt's, from Check Workspace, stays).
    let seen = "";
    const clean = await poll(async () => {
      if ((await page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error").count()) > 0) {
        seen = "squiggle still in the editor";
        return false;
      }
      const panel = page.locator(".markers-panel");
      seen = (await panel.count()) > 0 ? (await panel.first().innerText()).replace(/\s+/g, " ") : "";
      return !seen.includes("draft.md");
    });
    if (!clean) return `diagnostics not cleared after the save: ${seen.slice(0, 300)}`;
    await shot(page, "passed-after-save");
    return true;
  });

  // Text of the editor's rendered lines (the draft is short: every line is rendered).
  const editorText = async () =>
    (await page.locator(".monaco-editor .view-lines .view-line").allInnerTexts()).map((l) => l.replace(/\u00a0/g, " "));

  await scenario(page, "completion", async () => {
    // Type a citation's start at the end of the draft, ask for completions, take the first:
    // the draft cites 1540 (2004), so it leads 154, 1540 … 1549, and goes in with its year.
    const at = await textRect(page, "1540 (2004)", 1);
    if (at) await page.mouse.click(at.x, at.y);
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("We recall resolution 154", { delay: 20 });
    let rows = [];
    const shown = await poll(async () => {
      if ((await page.locator(".suggest-widget.visible").count()) === 0) {
        await page.keyboard.press("Control+Space");
        await page.waitForTimeout(500);
      }
      rows = await page.locator(".suggest-widget.visible .monaco-list-row").allInnerTexts();
      return rows.length > 0;
    });
    if (!shown) return "no suggestion list after Ctrl+Space";
    out(`# suggestions: ${rows.slice(0, 4).map((r) => r.replace(/\s+/g, " ")).join(" | ")}`);
    if (!/^1540 \(2004\)/.test(rows[0])) return `first suggestion is not 1540 (2004): ${rows.slice(0, 4).join(" | ")}`;
    await page.keyboard.press("Enter");
    const line = await poll(async () => (await editorText()).find((l) => l.startsWith("We recall resolution 154")));
    if (line !== "We recall resolution 1540 (2004)") return `the line reads ${JSON.stringify(line)}`;
    return true;
  });

  await scenario(page, "link decoration", async () => {
    // Document symbols are links; resolutions cited in prose are not, unless
    // dragoman.links.resolutions is on (VS Code underlines every link).
    const links = async () => (await page.locator(".monaco-editor .view-lines .detected-link").allInnerTexts()).join(" | ");
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("See S/2017/1025.", { delay: 20 });
    let seen = "";
    if (!(await poll(async () => (seen = await links()).includes("S/2017/1025")))) {
      return `S/2017/1025 has no link decoration: ${seen}`;
    }
    if (/1540/.test(seen)) return `resolution 1540 is underlined as a link by default: ${seen}`;
    out(`# links by default: ${seen}`);
    await shot(page, "passed-links-default");
    fs.writeFileSync(path.join(WS, ".vscode", "settings.json"), '{ "dragoman.links.resolutions": true }\n');
    // Links are asked for again on the next edit.
    const ok = await poll(
      async () => {
        await page.keyboard.type(" ", { delay: 20 });
        await page.keyboard.press("Backspace");
        await page.waitForTimeout(700);
        seen = await links();
        return /1540/.test(seen) && seen.includes("S/2017/1025");
      },
      STEP_MS,
      300,
    );
    fs.writeFileSync(path.join(WS, ".vscode", "settings.json"), "{}\n");
    if (!ok) return `with dragoman.links.resolutions on, resolution 1540 (2004) has no link: ${seen}`;
    out(`# links with dragoman.links.resolutions: ${seen}`);
    await shot(page, "passed-links-resolutions");
    return true;
  });

  await scenario(page, "clear error without a server", async () => {
    // Point dragoman.server.path at nothing: the extension restarts and must say why it can't.
    // (A workspace setting: code-server does not notice edits of the user settings file.)
    fs.mkdirSync(path.join(WS, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(WS, ".vscode", "settings.json"), '{ "dragoman.server.path": "/nonexistent/dragoman" }\n');
    let seen = "";
    const ok = await poll(async () => {
      const toasts = await page.locator(".notification-toast, .notifications-toasts").allInnerTexts().catch(() => []);
      seen = toasts.join(" | ").replace(/\s+/g, " ");
      return /Dragoman/.test(seen) && /dragoman\.server\.path/.test(seen) && /does not exist/.test(seen);
    });
    if (!ok) return `no error notification naming dragoman.server.path: ${seen.slice(0, 300)}`;
    return true;
  });

  await browser.close();
}

main()
  .catch((e) => {
    out(`RESULT FAIL driver :: ${String(e && e.stack ? e.stack : e).replace(/\s+/g, " ")}`);
  })
  .finally(() => {
    process.exit(results.length > 0 && results.every((r) => r.ok) ? 0 : 1);
  });
