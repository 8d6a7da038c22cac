// Static checks of PowerShell sources, built on tree-sitter-powershell
// (the grammar's WebAssembly build, run by web-tree-sitter: no native
// compilation at install time).
//
// Every check returns a list of findings { file, line, check, message };
// an empty list means the check passed. check.mjs runs them over the
// repository; test/checks.test.mjs proves each one fails on bad input.

import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const require = createRequire(import.meta.url);

let parser;

/** Loads the grammar once. */
export async function init() {
  if (parser) return parser;
  await Parser.init();
  const wasm = require.resolve('tree-sitter-powershell/tree-sitter-powershell.wasm');
  const language = await Language.load(wasm);
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** Parses PowerShell source text. init() must have completed. */
export function parse(source) {
  return parser.parse(source);
}

/** Yields every node of the tree, depth first. */
export function* walk(node) {
  yield node;
  for (const child of node.children) {
    yield* walk(child);
  }
}

function finding(file, node, check, message) {
  return { file, line: node ? node.startPosition.row + 1 : 0, check, message };
}

function snippet(text) {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** The value of a string_literal node (quotes removed), or null for other nodes. */
export function stringValue(node) {
  if (!node || node.type !== 'string_literal') return null;
  const text = node.text;
  if (text.startsWith('@')) return null; // here-strings hold no names
  const inner = text.slice(1, -1);
  return text.startsWith("'") ? inner.replace(/''/g, "'") : inner;
}

// ---------------------------------------------------------------- parse

/** The source parses: no ERROR and no MISSING nodes. */
export function checkParse(file, tree) {
  const out = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type === 'ERROR') {
      out.push(finding(file, node, 'parse', `syntax error near "${snippet(node.text)}"`));
    } else if (node.isMissing) {
      out.push(finding(file, node, 'parse', `missing "${node.type}"`));
    }
  }
  return out;
}

// ---------------------------------------------------------------- 5.1

// Commands that exist only in PowerShell 6 and later.
const PS7_COMMANDS = new Map([
  ['get-error', 'Get-Error'],
  ['join-string', 'Join-String'],
  ['test-json', 'Test-Json'],
  ['convertfrom-markdown', 'ConvertFrom-Markdown'],
  ['show-markdown', 'Show-Markdown'],
  ['get-markdownoption', 'Get-MarkdownOption'],
  ['set-markdownoption', 'Set-MarkdownOption'],
  ['remove-alias', 'Remove-Alias'],
  ['get-uptime', 'Get-Uptime'],
]);

// Parameters that exist only in PowerShell 7, by command (lower case). A
// parameter matches when the written name is a prefix of at least `min`
// characters of the full name, as PowerShell accepts abbreviations.
const PS7_PARAMETERS = {
  'foreach-object': [['-parallel', 4], ['-throttlelimit', 3], ['-timeoutseconds', 3], ['-asjob', 4]],
  '%': [['-parallel', 4], ['-throttlelimit', 3], ['-timeoutseconds', 3], ['-asjob', 4]],
  foreach: [['-parallel', 4], ['-throttlelimit', 3], ['-timeoutseconds', 3], ['-asjob', 4]],
  'convertfrom-json': [['-ashashtable', 3], ['-depth', 2], ['-noenumerate', 4], ['-datekind', 3]],
  'convertto-json': [['-enumsasstrings', 3], ['-ashashtable', 3], ['-escapehandling', 3]],
  'get-content': [['-asbytestream', 3]],
  'select-object': [['-skipindex', 5]],
  'split-path': [['-extension', 3], ['-leafbase', 5]],
  'test-connection': [['-targetname', 3], ['-tcpport', 3]],
};

// Automatic variables that do not exist in Windows PowerShell 5.1: reading
// them there gives $null, silently.
const PS7_VARIABLES = new Set(['$iswindows', '$islinux', '$ismacos', '$iscoreclr', '$psstyle']);

const PS7_ENCODINGS = /^['"]?(utf8nobom|utf8bom|ansi)['"]?$/i;

/** Blanks comments and string literals so that text searches see only code. */
function codeOnly(source, tree) {
  const chars = source.split('');
  for (const node of walk(tree.rootNode)) {
    if (node.type === 'comment' || node.type === 'string_literal') {
      for (let i = node.startIndex; i < node.endIndex; i++) {
        if (chars[i] !== '\n') chars[i] = ' ';
      }
    }
  }
  return chars.join('');
}

function lineOf(source, index) {
  return source.slice(0, index).split('\n').length;
}

function commandName(node) {
  const name = node.childForFieldName('command_name') || node.children.find((c) => c.type === 'command_name');
  return name ? name.text.toLowerCase() : '';
}

function commandParameters(node) {
  const elements = node.childForFieldName('command_elements') || node.children.find((c) => c.type === 'command_elements');
  if (!elements) return [];
  return elements.children.filter((c) => c.type === 'command_parameter');
}

function matchesParameter(written, full, min) {
  const name = written.toLowerCase().replace(/:.*$/, '');
  return name.length >= min && full.startsWith(name);
}

/**
 * Nothing newer than Windows PowerShell 5.1: no ternary, ??, ??=, ?. or ?[
 * (tree-sitter-powershell has no rule for them: they surface as errors
 * holding a "?"), no && or || pipeline chains, no clean blocks, no
 * ForEach-Object -Parallel, no ConvertFrom-Json -AsHashtable/-Depth, no
 * PowerShell 7 commands, parameters, encodings or automatic variables, no
 * "`u{...}" escapes. Also no Write-Host (it bypasses the output streams
 * Intune and callers read) and no class or enum definitions (types defined
 * in a .psm1 cannot be reloaded in the same session and are not exported
 * without "using module").
 */
export function checkCompat(file, source, tree) {
  const out = [];
  for (const node of walk(tree.rootNode)) {
    switch (node.type) {
      case 'ERROR':
        if (node.text.includes('?')) {
          out.push(finding(file, node, 'ps51', `PowerShell 7 operator (?:, ??, ??=, ?. or ?[) in "${snippet(node.text)}"`));
        }
        break;
      case 'pipeline_chain_tail':
        out.push(finding(file, node, 'ps51', 'pipeline chain operator && or || (PowerShell 7)'));
        break;
      case 'class_statement':
        out.push(finding(file, node, 'ps51', 'class definition: use [pscustomobject] with a PSTypeName instead'));
        break;
      case 'enum_statement':
        out.push(finding(file, node, 'ps51', 'enum definition: use ValidateSet or strings instead'));
        break;
      case 'variable':
        if (PS7_VARIABLES.has(node.text.toLowerCase())) {
          out.push(finding(file, node, 'ps51', `${node.text} does not exist in Windows PowerShell 5.1 (it reads as $null there)`));
        }
        break;
      case 'string_literal':
        if (/`u\{/.test(node.text) && !node.text.startsWith("'")) {
          out.push(finding(file, node, 'ps51', 'the `u{...} escape needs PowerShell 6 or later'));
        }
        break;
      case 'foreach_parameter':
        out.push(finding(file, node, 'ps51', `foreach ${node.text.trim()} (workflow/PowerShell 7 parallel syntax)`));
        break;
      case 'command': {
        const name = commandName(node);
        if (name === 'write-host') {
          out.push(finding(file, node, 'ps51', 'Write-Host: write objects with Write-Output, or use Write-Verbose/Write-Warning'));
        }
        if (PS7_COMMANDS.get(name)) {
          out.push(finding(file, node, 'ps51', `${PS7_COMMANDS.get(name)} needs PowerShell 6 or later`));
        }
        const rules = PS7_PARAMETERS[name];
        const params = commandParameters(node);
        if (rules) {
          for (const param of params) {
            for (const [full, min] of rules) {
              if (matchesParameter(param.text, full, min)) {
                out.push(finding(file, param, 'ps51', `${node.children[0].text} ${param.text} needs PowerShell 7`));
              }
            }
          }
        }
        for (const param of params) {
          if (matchesParameter(param.text, '-encoding', 3)) {
            const next = param.nextNamedSibling && param.nextNamedSibling.type === 'command_argument_sep'
              ? param.nextNamedSibling.nextNamedSibling
              : param.nextNamedSibling;
            if (next && PS7_ENCODINGS.test(next.text.trim())) {
              out.push(finding(file, param, 'ps51', `-Encoding ${next.text.trim()} needs PowerShell 6 or later`));
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }

  // Text searches over code only (comments and strings blanked), for what
  // the grammar parses without complaint or folds into larger errors.
  const code = codeOnly(source, tree);
  const patterns = [
    [/\?\?=?/g, 'null-coalescing operator ?? or ??= (PowerShell 7)'],
    [/[\w)\]}]\?\.[A-Za-z_]/g, 'null-conditional member access ?. (PowerShell 7)'],
    [/\$\{?\w+\}?\?\[/g, 'null-conditional index ?[ (PowerShell 7)'],
    [/(^|[\s}])clean\s*\{/gim, 'clean block (PowerShell 7.3)'],
  ];
  for (const [re, message] of patterns) {
    for (const m of code.matchAll(re)) {
      const line = lineOf(code, m.index);
      if (!out.some((f) => f.line === line && f.message === message)) {
        out.push({ file, line, check: 'ps51', message });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- automatic variables

// Automatic variables a script must not assign: PowerShell overwrites them,
// or (like $IsLinux in PowerShell 7) refuses the assignment at run time.
// ($null = ... discards output and is fine.)
const AUTOMATIC_VARIABLES = new Set(['_', 'args', 'input', 'host', 'error', 'event', 'eventargs', 'eventsubscriber',
  'sender', 'matches', 'myinvocation', 'pid', 'psitem', 'this', 'true', 'false', 'iswindows', 'islinux',
  'ismacos', 'iscoreclr', 'psversiontable', 'pscmdlet', 'psboundparameters', 'executioncontext', 'home', 'pshome',
  'shellid', 'stacktrace', 'psscriptroot', 'pscommandpath', 'psculture', 'psuiculture', 'profile', 'psedition']);

/** No assignment to an automatic variable, in any casing or scope. */
export function checkAutomaticVariables(file, tree) {
  const out = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'assignment_expression') continue;
    const left = node.children.find((c) => c.type === 'left_assignment_expression');
    const variable = left && [...walk(left)].find((n) => n.type === 'variable');
    if (!variable || variable.parent.type === 'element_access' || variable.parent.type === 'member_access') continue;
    const name = variable.text.replace(/^[$@]\{?/, '').replace(/\}$/, '').replace(/^\w+:/, '').toLowerCase();
    if (AUTOMATIC_VARIABLES.has(name)) {
      out.push(finding(file, variable, 'autovars', `assigns the automatic variable ${variable.text}`));
    }
  }
  return out;
}

// ---------------------------------------------------------------- names

/** String literals that look like JSON-RPC method names, with their nodes. */
export function methodNames(tree) {
  const out = [];
  for (const node of walk(tree.rootNode)) {
    const value = stringValue(node);
    if (value !== null && /^(session|server|rpc)\.[A-Za-z]+$/.test(value)) {
      out.push({ name: value, node });
    }
  }
  return out;
}

function isParamsVariable(text) {
  // $params, $commonParams, $script:params ... : the module's convention for
  // the dictionaries sent as JSON-RPC params.
  return /^\$(\w+:)?(params|\w*Params)$/i.test(text);
}

function keyName(keyExpression) {
  const str = keyExpression.descendantsOfType('string_literal')[0];
  if (str) return stringValue(str);
  return keyExpression.text.trim();
}

/**
 * The keys of the dictionaries the module sends as params: hashtable
 * literals assigned to a variable named $params or $<something>Params, and
 * $params['key'] = / $params.key = assignments.
 */
export function paramNames(tree) {
  const out = [];
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'assignment_expression') continue;
    const left = node.children.find((c) => c.type === 'left_assignment_expression');
    const value = node.childForFieldName('value') || node.children[node.children.length - 1];
    if (!left) continue;
    const target = [...walk(left)].find((n) => n.type === 'variable' || n.type === 'element_access' || n.type === 'member_access');
    if (!target) continue;
    if (target.type === 'variable' && isParamsVariable(target.text)) {
      const hash = [...walk(value)].find((n) => n.type === 'hash_literal_expression');
      if (!hash) continue;
      const body = hash.children.find((c) => c.type === 'hash_literal_body');
      if (!body) continue;
      for (const entry of body.children.filter((c) => c.type === 'hash_entry')) {
        const key = entry.children.find((c) => c.type === 'key_expression');
        if (key) out.push({ name: keyName(key), node: key });
      }
    } else if (target.type === 'element_access' || target.type === 'member_access') {
      const variable = target.children[0];
      if (!variable || variable.type !== 'variable' || !isParamsVariable(variable.text)) continue;
      if (target.type === 'element_access') {
        const str = target.descendantsOfType('string_literal')[0];
        if (str) out.push({ name: stringValue(str), node: str });
      } else {
        const member = target.children.find((c) => c.type === 'member_name');
        if (member) out.push({ name: member.text, node: member });
      }
    }
  }
  return out;
}

/**
 * What is passed to a -Params parameter: a variable that does not follow the
 * $params / $<something>Params convention escapes the key check, so it is a
 * finding; the keys of a hashtable literal passed directly are params.
 */
function paramsArguments(file, tree) {
  const out = { findings: [], names: [] };
  for (const node of walk(tree.rootNode)) {
    if (node.type !== 'command_parameter' || node.text.toLowerCase() !== '-params') continue;
    let arg = node.nextNamedSibling;
    while (arg && arg.type === 'command_argument_sep') arg = arg.nextNamedSibling;
    if (!arg) continue;
    const variable = arg.type === 'variable' ? arg : [...walk(arg)].find((n) => n.type === 'variable' || n.type === 'hash_literal_expression');
    if (!variable) continue;
    if (variable.type === 'variable') {
      if (!isParamsVariable(variable.text)) {
        out.findings.push(finding(file, variable, 'openrpc', `${variable.text} is passed as -Params: name it $params or $<something>Params so its keys are checked`));
      }
    } else {
      const body = variable.children.find((c) => c.type === 'hash_literal_body');
      for (const entry of body ? body.children.filter((c) => c.type === 'hash_entry') : []) {
        const key = entry.children.find((c) => c.type === 'key_expression');
        if (key) out.names.push({ name: keyName(key), node: key });
      }
    }
  }
  return out;
}

/**
 * Every method name the module sends exists in the OpenRPC document, and
 * every params key in a file is a param of one of the methods that file
 * names. `methods` maps a method name to the Set of its param names.
 */
export function checkRpcNames(file, tree, methods) {
  const out = [];
  const used = methodNames(tree);
  for (const { name, node } of used) {
    if (!methods.has(name)) {
      out.push(finding(file, node, 'openrpc', `method "${name}" is not in the OpenRPC document`));
    }
  }
  const allowed = new Set();
  for (const { name } of used) {
    for (const p of methods.get(name) || []) allowed.add(p);
  }
  const passed = paramsArguments(file, tree);
  out.push(...passed.findings);
  for (const { name, node } of [...paramNames(tree), ...passed.names]) {
    if (!allowed.has(name)) {
      const names = [...new Set(used.map((u) => u.name))].join(', ') || 'no method';
      out.push(finding(file, node, 'openrpc', `param "${name}" is not a param of ${names} in the OpenRPC document`));
    }
  }
  return out;
}

/** Reads methods[].name and methods[].params[].name of an OpenRPC document. */
export function methodsFromOpenRpc(doc) {
  const methods = new Map();
  for (const method of doc.methods || []) {
    methods.set(method.name, new Set((method.params || []).map((p) => p.name)));
  }
  return methods;
}

// ---------------------------------------------------------------- manifest

/** The top-level entries of a .psd1: key (lower case) -> { key, value node }. */
export function manifestEntries(tree) {
  const hash = [...walk(tree.rootNode)].find((n) => n.type === 'hash_literal_expression');
  const entries = new Map();
  if (!hash) return entries;
  const body = hash.children.find((c) => c.type === 'hash_literal_body');
  for (const entry of body ? body.children.filter((c) => c.type === 'hash_entry') : []) {
    const key = entry.children.find((c) => c.type === 'key_expression');
    const value = entry.children.find((c) => c.type === 'pipeline' || c.type === 'statement_block' || c.type === 'hash_literal_expression') || entry.children[entry.children.length - 1];
    if (key) entries.set(keyName(key).toLowerCase(), { key, value });
  }
  return entries;
}

function stringsIn(node) {
  return node ? node.descendantsOfType('string_literal').map(stringValue).filter((s) => s !== null) : [];
}

/**
 * The manifest exports exactly the functions in Public/ (one file per
 * function, named after it), CmdletsToExport, AliasesToExport and
 * VariablesToExport are present and empty, no wildcard anywhere, and
 * ModuleVersion equals the helper's version.
 */
export function checkManifest(file, tree, publicFunctions, expectedVersion) {
  const out = [];
  const entries = manifestEntries(tree);
  const root = tree.rootNode;
  const fte = entries.get('functionstoexport');
  if (!fte) {
    out.push(finding(file, root, 'manifest', 'FunctionsToExport is missing'));
  } else {
    const exported = stringsIn(fte.value);
    const want = [...publicFunctions].sort();
    const got = [...exported].sort();
    if (exported.some((s) => s.includes('*'))) {
      out.push(finding(file, fte.key, 'manifest', 'FunctionsToExport holds a wildcard'));
    }
    for (const name of want.filter((n) => !got.includes(n))) {
      out.push(finding(file, fte.key, 'manifest', `Public/${name}.ps1 is not in FunctionsToExport`));
    }
    for (const name of got.filter((n) => !want.includes(n))) {
      out.push(finding(file, fte.key, 'manifest', `FunctionsToExport names ${name}, which has no file in Public/`));
    }
  }
  for (const key of ['CmdletsToExport', 'AliasesToExport', 'VariablesToExport']) {
    const entry = entries.get(key.toLowerCase());
    if (!entry) {
      out.push(finding(file, root, 'manifest', `${key} is missing (it must be @())`));
    } else if (stringsIn(entry.value).length > 0 || /\*|\$null/.test(entry.value.text)) {
      out.push(finding(file, entry.key, 'manifest', `${key} must be @(), not ${snippet(entry.value.text)}`));
    }
  }
  const version = entries.get('moduleversion');
  if (!version) {
    out.push(finding(file, root, 'manifest', 'ModuleVersion is missing'));
  } else if (expectedVersion !== undefined && stringsIn(version.value)[0] !== expectedVersion) {
    out.push(finding(file, version.key, 'version', `ModuleVersion ${stringsIn(version.value)[0]} differs from internal/version Version ${expectedVersion}`));
  }
  const psVersion = entries.get('powershellversion');
  if (!psVersion || stringsIn(psVersion.value)[0] !== '5.1') {
    out.push(finding(file, psVersion ? psVersion.key : root, 'manifest', "PowerShellVersion must be '5.1'"));
  }
  const editions = entries.get('compatiblepseditions');
  const editionList = editions ? stringsIn(editions.value).sort().join(',') : '';
  if (editionList !== 'Core,Desktop') {
    out.push(finding(file, editions ? editions.key : root, 'manifest', "CompatiblePSEditions must be 'Desktop', 'Core'"));
  }
  return out;
}

/** Reads `const Version = "x.y.z"` from internal/version/version.go. */
export function goVersion(goSource) {
  const m = /const\s+Version\s*=\s*"([^"]+)"/.exec(goSource);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------- functions

// Get-Verb of Windows PowerShell 5.1 (the approved verbs; PowerShell 7 only
// adds Build, Deploy and a few more, which 5.1 would warn about).
export const APPROVED_VERBS = new Set(`Add Clear Close Copy Enter Exit Find Format Get Hide Join Lock Move New Open
Optimize Pop Push Redo Remove Rename Reset Resize Search Select Set Show Skip Split Step Switch Undo Unlock Watch
Backup Checkpoint Compare Compress Convert ConvertFrom ConvertTo Dismount Edit Expand Export Group Import Initialize
Limit Merge Mount Out Publish Restore Save Sync Unpublish Update Approve Assert Complete Confirm Deny Disable Enable
Install Invoke Register Request Restart Resume Start Stop Submit Suspend Uninstall Unregister Wait Debug Measure Ping
Repair Resolve Test Trace Connect Disconnect Read Receive Send Write Block Grant Protect Revoke Unblock Unprotect Use`
  .split(/\s+/).map((v) => v.toLowerCase()));

/** Top-level function definitions of a file. */
export function functions(tree) {
  return tree.rootNode.descendantsOfType('function_statement').filter((f) => {
    for (let p = f.parent; p; p = p.parent) {
      if (p.type === 'function_statement') return false;
    }
    return true;
  });
}

function functionName(fn) {
  const name = fn.children.find((c) => c.type === 'function_name');
  return name ? name.text : '';
}

function helpComment(fn) {
  const inside = fn.children.find((c) => c.type === 'comment' && c.text.startsWith('<#'));
  if (inside) return inside.text;
  const before = fn.previousSibling || (fn.parent && fn.parent.previousSibling);
  if (before && before.type === 'comment' && before.text.startsWith('<#')) return before.text;
  return null;
}

function declaredParameters(fn) {
  const block = fn.children.find((c) => c.type === 'script_block');
  const paramBlock = block && block.children.find((c) => c.type === 'param_block');
  const list = paramBlock && paramBlock.children.find((c) => c.type === 'parameter_list');
  if (!list) return [];
  return list.children.filter((c) => c.type === 'script_parameter').map((p) => {
    const v = p.children.find((c) => c.type === 'variable');
    return v ? v.text.replace(/^\$/, '') : '';
  });
}

/**
 * A script file defines exactly one function, named after the file, whose
 * verb is approved. With `publicHelp`, the function also has comment-based
 * help with .SYNOPSIS, .DESCRIPTION and at least one .EXAMPLE, and a
 * .PARAMETER entry for each parameter.
 */
export function checkFunctionFile(file, baseName, tree, { publicHelp }) {
  const out = [];
  const defined = functions(tree);
  if (defined.length !== 1) {
    out.push(finding(file, tree.rootNode, 'functions', `defines ${defined.length} functions; one function per file`));
  }
  for (const fn of defined) {
    const name = functionName(fn);
    if (name !== baseName) {
      out.push(finding(file, fn, 'functions', `function ${name} is in a file named ${baseName}.ps1`));
    }
    const verb = name.split('-')[0];
    if (!name.includes('-') || !APPROVED_VERBS.has(verb.toLowerCase())) {
      out.push(finding(file, fn, 'verbs', `${name}: "${verb}" is not an approved verb (Get-Verb)`));
    }
    if (!publicHelp) continue;
    const help = helpComment(fn);
    if (!help) {
      out.push(finding(file, fn, 'help', `${name} has no comment-based help`));
      continue;
    }
    for (const keyword of ['.SYNOPSIS', '.DESCRIPTION', '.EXAMPLE']) {
      if (!new RegExp(`^\\s*\\${keyword}\\b`, 'mi').test(help)) {
        out.push(finding(file, fn, 'help', `${name}: help has no ${keyword}`));
      }
    }
    for (const param of declaredParameters(fn)) {
      if (!new RegExp(`^\\s*\\.PARAMETER\\s+${param}\\s*$`, 'mi').test(help)) {
        out.push(finding(file, fn, 'help', `${name}: help has no .PARAMETER ${param}`));
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- encoding

/**
 * A file holding any byte outside ASCII starts with the UTF-8 byte-order
 * mark: Windows PowerShell 5.1 reads BOM-less files in the ANSI code page.
 */
export function checkEncoding(file, bytes) {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = hasBom ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      if (hasBom) return [];
      const line = bytes.subarray(0, i).toString('latin1').split('\n').length;
      return [{ file, line, check: 'encoding', message: 'holds non-ASCII text but has no UTF-8 byte-order mark' }];
    }
  }
  return [];
}
