// Runs the static checks of lib.mjs over the repository's PowerShell code:
//
//   parse      every .ps1, .psm1 and .psd1 parses (no ERROR or MISSING node)
//   ps51       nothing newer than Windows PowerShell 5.1, no Write-Host
//   autovars   no assignment to automatic variables ($IsLinux, $args, ...)
//   openrpc    every method and params key the module sends is in
//              schema/openrpc.json (until that file exists: the tables of
//              the design notes, built in below)
//   manifest   FunctionsToExport equals the Public/ files; Cmdlets-,
//              Aliases- and VariablesToExport are @()
//   version    ModuleVersion equals internal/version's Version
//   functions  one function per file, named after the file
//   verbs      approved verbs only
//   help       every public function has .SYNOPSIS, .DESCRIPTION, .EXAMPLE
//              and a .PARAMETER for each parameter
//   encoding   files holding non-ASCII text start with a UTF-8 BOM
//
// Usage: node check.mjs [repository root]. Exit status 1 on any finding.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lib from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] || path.join(here, '..', '..'));
const psRoot = path.join(root, 'powershell');
const moduleRoot = path.join(psRoot, 'UserSession');

// The wire contract's methods and params, used only while
// schema/openrpc.json has not been generated yet.
const DESIGN_METHODS = {
  'rpc.discover': [],
  'server.info': [],
  'session.list': ['computerNames', 'ids', 'userNames', 'states', 'timeoutSeconds'],
  'session.logoff': ['id', 'computerName', 'wait', 'force'],
  'session.disconnect': ['id', 'computerName', 'wait', 'force'],
  'session.message': ['id', 'computerName', 'title', 'text', 'buttons', 'timeoutSeconds', 'wait'],
  'session.processes': ['computerName', 'ids'],
};

function listFiles(dir, accept) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // bin/ holds built helpers, never sources.
      if (entry.name === 'bin' || entry.name === 'node_modules') continue;
      out.push(...listFiles(full, accept));
    } else if (accept(entry.name)) {
      out.push(full);
    }
  }
  return out.sort();
}

await lib.init();

const rel = (f) => path.relative(root, f).split(path.sep).join('/');
const findings = [];
const counts = {};
const count = (check, n) => {
  counts[check] = (counts[check] || 0) + n;
};

// Sources.
const sources = listFiles(psRoot, (n) => /\.(ps1|psm1|psd1)$/i.test(n));
const trees = new Map();
for (const file of sources) {
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const tree = lib.parse(text);
  trees.set(file, { text, tree });
  findings.push(...lib.checkParse(rel(file), tree));
  findings.push(...lib.checkCompat(rel(file), text, tree));
  findings.push(...lib.checkAutomaticVariables(rel(file), tree));
}
count('parse', sources.length);
count('ps51', sources.length);
count('autovars', sources.length);

// OpenRPC names.
const openrpcPath = path.join(root, 'schema', 'openrpc.json');
let methods;
let methodsSource;
if (fs.existsSync(openrpcPath)) {
  methods = lib.methodsFromOpenRpc(JSON.parse(fs.readFileSync(openrpcPath, 'utf8')));
  methodsSource = 'schema/openrpc.json';
  if (methods.size === 0) {
    findings.push({ file: 'schema/openrpc.json', line: 0, check: 'openrpc', message: 'has no methods' });
  }
} else {
  methods = new Map(Object.entries(DESIGN_METHODS).map(([k, v]) => [k, new Set(v)]));
  methodsSource = 'the design tables (schema/openrpc.json does not exist yet)';
}
const moduleSources = sources.filter((f) => f.startsWith(moduleRoot + path.sep) && !f.endsWith('.psd1'));
let sent = 0;
for (const file of moduleSources) {
  const { tree } = trees.get(file);
  sent += lib.methodNames(tree).length + lib.paramNames(tree).length;
  findings.push(...lib.checkRpcNames(rel(file), tree, methods));
}
count('openrpc', sent);

// Functions, verbs, help.
for (const kind of ['Public', 'Private']) {
  const files = listFiles(path.join(moduleRoot, kind), (n) => n.endsWith('.ps1'));
  for (const file of files) {
    const { tree } = trees.get(file);
    findings.push(...lib.checkFunctionFile(rel(file), path.basename(file, '.ps1'), tree, { publicHelp: kind === 'Public' }));
  }
  count('functions', files.length);
  count('verbs', files.length);
  if (kind === 'Public') count('help', files.length);
}

// Manifest and version.
const manifest = path.join(moduleRoot, 'UserSession.psd1');
const versionGo = path.join(root, 'internal', 'version', 'version.go');
let expectedVersion;
if (fs.existsSync(versionGo)) {
  expectedVersion = lib.goVersion(fs.readFileSync(versionGo, 'utf8'));
  if (!expectedVersion) {
    findings.push({ file: rel(versionGo), line: 0, check: 'version', message: 'no `const Version = "..."` found' });
  }
} else {
  findings.push({ file: 'internal/version/version.go', line: 0, check: 'version', message: 'missing' });
}
if (!trees.has(manifest)) {
  findings.push({ file: rel(manifest), line: 0, check: 'manifest', message: 'missing' });
} else {
  const publicNames = listFiles(path.join(moduleRoot, 'Public'), (n) => n.endsWith('.ps1')).map((f) => path.basename(f, '.ps1'));
  findings.push(...lib.checkManifest(rel(manifest), trees.get(manifest).tree, publicNames, expectedVersion ?? undefined));
}
count('manifest', 1);
count('version', 1);

// Encoding, over every text file of the module, examples and tests.
const textFiles = listFiles(psRoot, (n) => /\.(ps1|psm1|psd1|ps1xml|txt|md)$/i.test(n));
for (const file of textFiles) {
  findings.push(...lib.checkEncoding(rel(file), fs.readFileSync(file)));
}
count('encoding', textFiles.length);

for (const f of findings) {
  console.log(`${f.file}:${f.line}: [${f.check}] ${f.message}`);
}
const failed = new Set(findings.map((f) => f.check));
for (const check of Object.keys(counts)) {
  const status = failed.has(check) ? 'FAIL' : 'ok  ';
  const n = findings.filter((f) => f.check === check).length;
  console.log(`${status} ${check.padEnd(9)} ${counts[check]} checked${n ? `, ${n} finding(s)` : ''}`);
}
console.log(`openrpc names checked against ${methodsSource}; module version ${expectedVersion ?? '?'}`);
if (findings.length > 0) {
  console.log(`${findings.length} finding(s)`);
  process.exit(1);
}
console.log('all PowerShell checks passed');
