// Dragoman for VS Code: starts `dragoman lsp` and wires it to the editor.
import * as cp from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  ClientCapabilities,
  FeatureState,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  StaticFeature,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from "vscode-languageclient/node";

const SECTION = "dragoman";
const EXE = process.platform === "win32" ? "dragoman.exe" : "dragoman";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let traceOutput: vscode.OutputChannel;
let status: IndexStatus;
let checkDiagnostics: vscode.DiagnosticCollection;
let extensionContext: vscode.ExtensionContext;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel("Dragoman");
  traceOutput = vscode.window.createOutputChannel("Dragoman Trace");
  status = new IndexStatus();
  checkDiagnostics = vscode.languages.createDiagnosticCollection("dragoman-check");
  context.subscriptions.push(output, traceOutput, status, checkDiagnostics);

  context.subscriptions.push(
    vscode.commands.registerCommand("dragoman.restartServer", () => restartServer()),
    vscode.commands.registerCommand("dragoman.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("dragoman.checkWorkspace", () => checkWorkspace()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.server`)) {
        void restartServer();
      }
    }),
    // Once a file is open the live server owns its diagnostics: drop what `check` found.
    vscode.workspace.onDidOpenTextDocument((doc) => checkDiagnostics.delete(doc.uri)),
    vscode.workspace.onDidChangeTextDocument((e) => checkDiagnostics.delete(e.document.uri)),
  );

  await startServer();
}

export async function deactivate(): Promise<void> {
  await stopServer();
}

// ---------------------------------------------------------------------------------------
// Finding the server

interface ServerLocation {
  command: string;
  source: "setting" | "bundled" | "PATH";
}

function expandPath(p: string): string {
  let out = p.trim();
  if (out === "~" || out.startsWith("~/")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (!path.isAbsolute(out) && folder) {
    out = path.join(folder, out);
  }
  return out;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d.length > 0);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** Setting `dragoman.server.path`, then `server/dragoman` in the extension, then PATH. */
function resolveServer(): ServerLocation | { error: string } {
  const configured = vscode.workspace.getConfiguration(SECTION).get<string>("server.path", "");
  if (configured && configured.trim() !== "") {
    const p = expandPath(configured);
    if (isExecutable(p)) {
      return { command: p, source: "setting" };
    }
    return {
      error: `Dragoman: the language server set in "dragoman.server.path" (${p}) does not exist or is not executable.`,
    };
  }
  const bundled = extensionContext.asAbsolutePath(path.join("server", EXE));
  if (fs.existsSync(bundled)) {
    if (!isExecutable(bundled) && process.platform !== "win32") {
      try {
        fs.chmodSync(bundled, 0o755); // some unzips drop the executable bit
      } catch {
        /* reported below */
      }
    }
    if (isExecutable(bundled)) {
      return { command: bundled, source: "bundled" };
    }
  }
  const onPath = findOnPath(EXE);
  if (onPath) {
    return { command: onPath, source: "PATH" };
  }
  return {
    error:
      "Dragoman: the language server binary `dragoman` was not found. Set \"dragoman.server.path\" " +
      "to the binary, or put `dragoman` on your PATH (build it with `cargo build --release`).",
  };
}

// ---------------------------------------------------------------------------------------
// Starting and stopping

function settings(): {
  corpus: string[];
  rules: Record<string, string>;
  exclude: string[];
  links: { resolutions: boolean };
} {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return {
    corpus: cfg.get<string[]>("corpus", []),
    rules: cfg.get<Record<string, string>>("rules", {}),
    exclude: cfg.get<string[]>("exclude", []),
    links: { resolutions: cfg.get<boolean>("links.resolutions", false) },
  };
}

async function startServer(): Promise<void> {
  const found = resolveServer();
  if ("error" in found) {
    output.appendLine(found.error);
    status.setError("server not found");
    const choice = await vscode.window.showErrorMessage(found.error, "Open Settings", "Show Output");
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "dragoman.server.path");
    } else if (choice === "Show Output") {
      output.show(true);
    }
    return;
  }
  output.appendLine(`Starting ${found.command} lsp (found via ${found.source})`);

  const extraArgs = vscode.workspace.getConfiguration(SECTION).get<string[]>("server.extraArgs", []);
  const run = { command: found.command, args: ["lsp", ...extraArgs], options: { env: process.env } };
  const serverOptions: ServerOptions = { run, debug: run };


  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: settings(),
    synchronize: {
      configurationSection: SECTION,
      fileEvents: watchers(),
    },
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
  };

  const c = new LanguageClient(SECTION, "Dragoman", serverOptions, clientOptions);
  c.registerFeature(new IndexProgressFeature(c));
  client = c;
  c.onDidChangeState((e) => {
    if (e.newState === State.Starting) {
      status.setStarting();
    } else if (e.newState === State.Stopped) {
      status.setStopped();
    } else if (e.newState === State.Running) {
      status.setRunning();
    }
  });
  status.setStarting();
  try {
    await c.start();
  } catch (err) {
    const msg = `Dragoman: the language server failed to start: ${String(err)}`;
    output.appendLine(msg);
    status.setError("failed to start");
    void vscode.window.showErrorMessage(msg, "Show Output").then((choice) => {
      if (choice) {
        output.show(true);
      }
    });
    return;
  }
}

let fileWatchers: vscode.FileSystemWatcher[] | undefined;

/** Changes to dragoman.toml and to the corpus reach the server as didChangeWatchedFiles. */
function watchers(): vscode.FileSystemWatcher[] {
  if (!fileWatchers) {
    fileWatchers = [
      vscode.workspace.createFileSystemWatcher("**/dragoman.toml"),
      vscode.workspace.createFileSystemWatcher("**/seeds/**"),
    ];
    extensionContext.subscriptions.push(...fileWatchers);
  }
  return fileWatchers;
}

async function stopServer(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch (err) {
      output.appendLine(`Stopping the server: ${String(err)}`);
    }
  }
}

async function restartServer(): Promise<void> {
  output.appendLine("Restarting the language server");
  await stopServer();
  await startServer();
}

// ---------------------------------------------------------------------------------------
// Index state in the status bar, from the server's `$/progress`

/**
 * The server asks for a token with window/workDoneProgress/create, then sends $/progress
 * begin/report/end on it; the status bar item is the progress UI. A static feature, so that
 * its handler is installed after the client's own ProgressFeature (features initialize in
 * registration order) and before `initialized` is sent, when the server may start indexing.
 */
class IndexProgressFeature implements StaticFeature {
  constructor(private readonly c: LanguageClient) {}

  getState(): FeatureState {
    return { kind: "static" };
  }

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.window = capabilities.window ?? {};
    capabilities.window.workDoneProgress = true;
  }

  initialize(): void {
    const c = this.c;
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      const token = params.token;
      try {
        c.onProgress(WorkDoneProgress.type, token, (value) => status.onProgress(String(token), value));
      } catch (err) {
        output.appendLine(`progress token ${String(token)}: ${String(err)}`);
      }
      return null;
    });
  }

  clear(): void {
    status.clearProgress();
  }
}

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

class IndexStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly titles = new Map<string, string>();

  constructor() {
    this.item = vscode.window.createStatusBarItem("dragoman.status", vscode.StatusBarAlignment.Left, 10);
    this.item.name = "Dragoman";
    this.item.command = "dragoman.showOutput";
    this.item.text = "Dragoman";
    this.item.show();
  }

  setStarting(): void {
    this.set("$(sync~spin) Dragoman: starting", "The Dragoman language server is starting");
  }

  setRunning(): void {
    if (this.titles.size === 0) {
      this.set("$(check) Dragoman", "Dragoman is running");
    }
  }

  clearProgress(): void {
    this.titles.clear();
  }

  setStopped(): void {
    this.titles.clear();
    this.set("$(circle-slash) Dragoman: stopped", "The Dragoman language server is not running");
  }

  setError(what: string): void {
    this.set(`$(error) Dragoman: ${what}`, "Click to show the Dragoman output");
  }

  onProgress(token: string, value: ProgressValue): void {
    if (value.kind === "begin") {
      this.titles.set(token, value.title);
      this.show(value.title, value.percentage, value.message);
    } else if (value.kind === "report") {
      this.show(this.titles.get(token) ?? "indexing", value.percentage, value.message);
    } else {
      this.titles.delete(token);
      const msg = value.message && value.message.trim() !== "" ? value.message : "ready";
      this.set(`$(check) Dragoman: ${msg}`, `Dragoman: ${msg}`);
    }
  }

  private show(title: string, percentage?: number, message?: string): void {
    const what = title.length > 0 ? title.charAt(0).toLowerCase() + title.slice(1) : "indexing";
    const pct = typeof percentage === "number" ? ` ${Math.round(percentage)}%` : "";
    this.set(`$(sync~spin) Dragoman: ${what}${pct}`, message ? `${title}: ${message}` : title);
  }

  private set(text: string, tooltip: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}

// ---------------------------------------------------------------------------------------
// Dragoman: Check Workspace — `dragoman check --format json <folder>` into the Problems panel

interface CheckedFile {
  path: string;
  diagnostics: unknown[];
}

async function checkWorkspace(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage("Dragoman: open a folder to check it.");
    return;
  }
  const found = resolveServer();
  if ("error" in found) {
    void vscode.window.showErrorMessage(found.error);
    return;
  }
  checkDiagnostics.clear();
  let files = 0;
  let checked = 0;
  let problems = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Dragoman: checking the workspace", cancellable: true },
    async (_progress, token) => {
      for (const folder of folders) {
        const dir = folder.uri.fsPath;
        const args = ["check", "--format", "json"];
        for (const c of settings().corpus) {
          args.push("--corpus", path.isAbsolute(c) ? c : path.join(dir, c));
        }
        args.push(dir);
        output.appendLine(`$ ${found.command} ${args.join(" ")}`);
        const result = await run(found.command, args, dir, token);
        if (result.code !== 0 && result.code !== 1) {
          const msg = `Dragoman: check failed (exit ${String(result.code)}): ${result.stderr.trim()}`;
          output.appendLine(msg);
          void vscode.window.showErrorMessage(msg, "Show Output").then((c) => c && output.show(true));
          continue;
        }
        let parsed: CheckedFile[];
        try {
          parsed = JSON.parse(result.stdout) as CheckedFile[];
        } catch (err) {
          output.appendLine(`Dragoman: could not read the output of check: ${String(err)}`);
          continue;
        }
        for (const f of parsed) {
          const file = path.isAbsolute(f.path) ? f.path : path.join(dir, f.path);
          const uri = vscode.Uri.file(file);
          const diags = await toVsDiagnostics(f.diagnostics);
          checked += 1;
          problems += diags.length;
          if (diags.length > 0) {
            files += 1;
          }
          if (diags.length > 0) {
            output.appendLine(`${file}: ${diags.length} problem(s)`);
            for (const d of diags) {
              output.appendLine(
                `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${String(codeOf(d))} ${d.message}`,
              );
            }
          }
          // Open documents are covered live by the server.
          if (!vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uri.toString())) {
            checkDiagnostics.set(uri, diags);
          }
        }
      }
    },
  );
  const summary = `Dragoman: ${problems} problem(s) in ${files} file(s); ${checked} file(s) checked.`;
  output.appendLine(summary);
  if (problems > 0) {
    // Focus (never toggle: `workbench.actions.view.problems` would close an open panel).
    await vscode.commands.executeCommand("workbench.panel.markers.view.focus");
  }
  void vscode.window.showInformationMessage(summary);
}

function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  if (c === undefined) {
    return "";
  }
  return typeof c === "object" ? String(c.value) : String(c);
}

async function toVsDiagnostics(raw: unknown[]): Promise<vscode.Diagnostic[]> {
  if (client) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const converted = await client.protocol2CodeConverter.asDiagnostics(raw as any);
    converted.forEach((d) => (d.source = d.source ?? "dragoman"));
    return converted;
  }
  return raw.map((r) => {
    const x = r as {
      range: { start: { line: number; character: number }; end: { line: number; character: number } };
      message: string;
      severity?: number;
      code?: string | number;
      source?: string;
    };
    const range = new vscode.Range(x.range.start.line, x.range.start.character, x.range.end.line, x.range.end.character);
    const sev = [
      vscode.DiagnosticSeverity.Error,
      vscode.DiagnosticSeverity.Error,
      vscode.DiagnosticSeverity.Warning,
      vscode.DiagnosticSeverity.Information,
      vscode.DiagnosticSeverity.Hint,
    ][x.severity ?? 1];
    const d = new vscode.Diagnostic(range, x.message, sev);
    d.code = x.code;
    d.source = x.source ?? "dragoman";
    return d;
  });
}

function run(
  command: string,
  args: string[],
  cwd: string,
  token: vscode.CancellationToken,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = cp.spawn(command, args, { cwd, env: process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const sub = token.onCancellationRequested(() => child.kill());
    child.on("error", (err) => {
      sub.dispose();
      resolve({ code: null, stdout, stderr: stderr + String(err) });
    });
    child.on("close", (code) => {
      sub.dispose();
      resolve({ code, stdout, stderr });
    });
  });
}
