// Proves that each check of lib.mjs fails on bad input and passes on good
// input, so a green run of check.mjs means something.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as lib from '../lib.mjs';

before(async () => {
  await lib.init();
});

const compat = (src) => lib.checkCompat('t.ps1', src, lib.parse(src)).map((f) => f.message);
const parseErrors = (src) => lib.checkParse('t.ps1', lib.parse(src));

describe('parse', () => {
  test('flags a missing brace', () => {
    assert.ok(parseErrors('function Get-X {\n  if ($a) {\n').length > 0);
  });
  test('flags an unterminated string and a stray paren', () => {
    assert.ok(parseErrors('$a = "abc\n').length > 0 || parseErrors('$a = (1 + 2').length > 0);
    assert.ok(parseErrors('$a = (1 + 2').length > 0);
  });
  test('accepts ordinary code', () => {
    assert.deepEqual(parseErrors('function Get-X {\n  [CmdletBinding()]\n  param([string]$Name)\n  "hi $Name"\n}\n'), []);
  });
});

describe('Windows PowerShell 5.1 syntax', () => {
  const bad = {
    ternary: '$b = $a ? 1 : 2',
    'null coalescing': '$c = $x ?? 3',
    'null coalescing assignment': '$c ??= 3',
    'null-conditional member': '$n = $x?.Name',
    'null-conditional braced member': '$n = ${x}?.Name',
    'pipeline chain &&': 'Get-Item a && Get-Item b',
    'pipeline chain ||': 'Get-Item a || Get-Item b',
    'ForEach-Object -Parallel': '1..3 | ForEach-Object -Parallel { $_ }',
    '% -Parallel abbreviated': '1..3 | % -Para { $_ }',
    'ConvertFrom-Json -AsHashtable': '$h = $j | ConvertFrom-Json -AsHashtable',
    'ConvertFrom-Json -Depth': '$h = ConvertFrom-Json -InputObject $j -Depth 5',
    'Write-Host': 'Write-Host "hello"',
    class: 'class Foo { [int]$A }',
    enum: 'enum Color { Red }',
    'clean block': 'function f {\n  process { 1 }\n  clean { 2 }\n}',
    '$IsWindows': 'if ($IsWindows) { 1 }',
    'Get-Error': 'Get-Error -Newest 1',
    'utf8NoBOM encoding': "Set-Content -Path a -Value b -Encoding utf8NoBOM",
    'unicode escape': '$s = "dash `u{2013}"',
  };
  for (const [name, src] of Object.entries(bad)) {
    test(`flags ${name}`, () => {
      assert.ok(compat(src).length > 0, `no finding for: ${src}`);
    });
  }

  const good = {
    'if/else': 'if ($a) { $b = 1 } else { $b = 2 }',
    'Where-Object alias ?': 'Get-Process | ? { $_.Id -gt 4 }',
    'question mark in strings and comments': "# a ?? b, x?.y\n$s = 'a ?? b ? c : d'; $t = \"x?.y\"",
    'ForEach-Object -Process': '1..3 | ForEach-Object -Process { $_ }',
    'ConvertFrom-Json plain': '$o = $j | ConvertFrom-Json',
    'ConvertTo-Json -Depth': '$j = ConvertTo-Json -InputObject $o -Depth 5 -Compress',
    'Write-Output and Write-Verbose': 'Write-Output 1; Write-Verbose -Message x',
    '-and/-or': 'if ($a -and ($b -or $c)) { 1 }',
    'clean as a word': '$clean = 1; Invoke-Clean -Name clean',
    'utf8 encoding': 'Set-Content -Path a -Value b -Encoding UTF8',
  };
  for (const [name, src] of Object.entries(good)) {
    test(`accepts ${name}`, () => {
      assert.deepEqual(compat(src), []);
    });
  }
});

describe('automatic variables', () => {
  const auto = (src) => lib.checkAutomaticVariables('t.ps1', lib.parse(src)).map((f) => f.message);
  for (const src of ['$IsLinux = $true', '$isLinux = 1', '$args = @()', '$Host = 1', '$input = 2', '$script:PID = 3']) {
    test(`flags ${src}`, () => {
      assert.equal(auto(src).length, 1);
    });
  }
  test('accepts ordinary variables and members of automatic ones', () => {
    assert.deepEqual(auto('$linuxHost = 1; $hostName = 2; $Error[0] = 3; $Host.UI = 4; $LASTEXITCODE = 0; $null = 5'), []);
  });
});

describe('OpenRPC names', () => {
  const methods = lib.methodsFromOpenRpc({
    methods: [
      { name: 'session.list', params: [{ name: 'computerNames' }, { name: 'ids' }] },
      { name: 'session.logoff', params: [{ name: 'id' }, { name: 'force' }] },
    ],
  });
  const check = (src) => lib.checkRpcNames('t.ps1', lib.parse(src), methods).map((f) => f.message);

  test('accepts known methods and params', () => {
    assert.deepEqual(check("$params = @{ id = 1; force = $true }\n$params['id'] = 2\nInvoke-UserSessionRpc -Method 'session.logoff' -Params $params"), []);
  });
  test('flags an unknown method', () => {
    assert.match(check("Invoke-UserSessionRpc -Method 'session.logout' -Params @{}").join(), /session\.logout/);
  });
  test('flags an unknown key in a params literal', () => {
    assert.match(check("$params = @{ id = 1; forced = $true }\nInvoke-UserSessionRpc -Method 'session.logoff' -Params $params").join(), /forced/);
  });
  test('flags an unknown key set by index or member', () => {
    const messages = check("$commonParams = @{}\n$commonParams['computerName'] = 'a'\n$commonParams.userNames = @('x')\nSend-UserSessionRequest -Method 'session.list' -Params $commonParams").join();
    assert.match(messages, /computerName/);
    assert.match(messages, /userNames/);
  });
  test('a key of another method does not pass', () => {
    assert.match(check("$params = @{ computerNames = @('a') }\nInvoke-UserSessionRpc -Method 'session.logoff' -Params $params").join(), /computerNames/);
  });
  test('flags params passed in a variable that escapes the key check', () => {
    assert.match(check("$body = @{ nope = 1 }\nInvoke-UserSessionRpc -Method 'session.logoff' -Params $body").join(), /\$body is passed as -Params/);
  });
  test('checks the keys of a hashtable literal passed to -Params', () => {
    assert.match(check("Invoke-UserSessionRpc -Method 'session.list' -Params @{ computerName = 'a' }").join(), /computerName/);
    assert.deepEqual(check("Invoke-UserSessionRpc -Method 'session.list' -Params @{ computerNames = @('a') }"), []);
  });
  test('ignores hashtables that are not params', () => {
    assert.deepEqual(check("$state = @{ Process = $null }\n$o = [pscustomobject]@{ Name = 1 }"), []);
  });
});

describe('manifest', () => {
  const manifest = (body) => lib.checkManifest('m.psd1', lib.parse(`@{\n${body}\n}`), ['Get-A', 'Set-B'], '0.1.0').map((f) => `${f.check}: ${f.message}`);
  const good = "ModuleVersion = '0.1.0'\nPowerShellVersion = '5.1'\nCompatiblePSEditions = @('Desktop', 'Core')\nFunctionsToExport = @('Set-B', 'Get-A')\nCmdletsToExport = @()\nAliasesToExport = @()\nVariablesToExport = @()";

  test('accepts a correct manifest', () => {
    assert.deepEqual(manifest(good), []);
  });
  test('flags a function missing from FunctionsToExport', () => {
    assert.match(manifest(good.replace("'Set-B', ", '')).join(), /Set-B/);
  });
  test('flags an exported function without a file', () => {
    assert.match(manifest(good.replace("'Get-A'", "'Get-A', 'Get-C'")).join(), /Get-C/);
  });
  test('flags a wildcard', () => {
    assert.match(manifest(good.replace("@('Set-B', 'Get-A')", "'*'")).join(), /wildcard/);
  });
  test('flags non-empty or missing Cmdlets/Aliases/VariablesToExport', () => {
    assert.match(manifest(good.replace('AliasesToExport = @()', "AliasesToExport = @('gus')")).join(), /AliasesToExport/);
    assert.match(manifest(good.replace('CmdletsToExport = @()', "CmdletsToExport = '*'")).join(), /CmdletsToExport/);
    assert.match(manifest(good.replace('\nVariablesToExport = @()', '')).join(), /VariablesToExport is missing/);
  });
  test('flags a version that differs from internal/version', () => {
    assert.match(manifest(good.replace("'0.1.0'", "'0.2.0'")).join(), /version: ModuleVersion 0\.2\.0/);
  });
  test('flags a PowerShellVersion other than 5.1', () => {
    assert.match(manifest(good.replace("'5.1'", "'7.2'")).join(), /PowerShellVersion/);
  });
  test('reads the Go version constant', () => {
    assert.equal(lib.goVersion('package version\n\nconst Version = "1.2.3"\n'), '1.2.3');
  });
});

describe('functions, verbs and help', () => {
  const fn = (src, base = 'Get-Thing', publicHelp = true) => lib.checkFunctionFile('f.ps1', base, lib.parse(src), { publicHelp }).map((f) => `${f.check}: ${f.message}`);
  const good = 'function Get-Thing {\n  <#\n  .SYNOPSIS\n  Gets.\n  .DESCRIPTION\n  Gets things.\n  .PARAMETER Name\n  The name.\n  .EXAMPLE\n  Get-Thing\n  #>\n  [CmdletBinding()]\n  param([string]$Name)\n  $Name\n}\n';

  test('accepts a documented function', () => {
    assert.deepEqual(fn(good), []);
  });
  test('flags a missing .EXAMPLE', () => {
    assert.match(fn(good.replace('.EXAMPLE', '.NOTES')).join(), /no \.EXAMPLE/);
  });
  test('flags a missing .SYNOPSIS and .DESCRIPTION', () => {
    const messages = fn(good.replace('.SYNOPSIS', '.NOTES').replace('.DESCRIPTION', '.NOTES')).join();
    assert.match(messages, /no \.SYNOPSIS/);
    assert.match(messages, /no \.DESCRIPTION/);
  });
  test('flags an undocumented parameter', () => {
    assert.match(fn(good.replace('param([string]$Name)', 'param([string]$Name, [switch]$Force)')).join(), /\.PARAMETER Force/);
  });
  test('flags no help at all', () => {
    assert.match(fn('function Get-Thing {\n  param()\n}\n').join(), /no comment-based help/);
  });
  test('flags an unapproved verb', () => {
    assert.match(fn(good.replace(/Get-Thing/g, 'Fetch-Thing'), 'Fetch-Thing').join(), /verbs: .*Fetch/);
  });
  test('flags two functions in one file and a name that differs from the file', () => {
    const messages = fn(good + 'function Get-Other { }\n').join();
    assert.match(messages, /defines 2 functions/);
    assert.match(messages, /Get-Other is in a file named Get-Thing/);
  });
});

describe('encoding', () => {
  test('flags non-ASCII text without a BOM', () => {
    assert.equal(lib.checkEncoding('a.ps1', Buffer.from('# caf\u00e9\n', 'utf8')).length, 1);
  });
  test('accepts non-ASCII text with a BOM', () => {
    assert.deepEqual(lib.checkEncoding('a.ps1', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# caf\u00e9\n', 'utf8')])), []);
  });
  test('accepts plain ASCII without a BOM', () => {
    assert.deepEqual(lib.checkEncoding('a.ps1', Buffer.from('# cafe\n', 'utf8')), []);
  });
});
