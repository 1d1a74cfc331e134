// The extension's manifest and language configuration: every contributed
// file exists, and the configuration's patterns do what a Parley user needs.
// Run with `npm test` (node's test runner).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const config = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));

test('the language is contributed for .parley files', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'parley');
  assert.deepEqual(language.extensions, ['.parley']);
  assert.ok(fs.existsSync(path.join(root, language.configuration)));
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.scopeName, 'source.parley');
  assert.equal(grammar.path, './syntaxes/parley.tmLanguage.json');
  assert.ok(fs.existsSync(path.join(root, '..', '..', 'grammar', 'textmate', 'parley.tmLanguage.json')));
  for (const snippets of manifest.contributes.snippets) {
    assert.ok(fs.existsSync(path.join(root, snippets.path)), snippets.path);
  }
});

test('the server path setting exists and the client starts `parley lsp`', () => {
  const setting = manifest.contributes.configuration.properties['parley.server.path'];
  assert.equal(setting.type, 'string');
  assert.equal(setting.default, '');
  const source = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');
  assert.match(source, /'server\.path'/);
  assert.match(source, /args: \['lsp', \.\.\.extraArgs\]/);
  assert.match(source, /from 'vscode-languageclient\/node'/);
});

test('comments and brackets', () => {
  assert.equal(config.comments.lineComment, '//');
  assert.deepEqual(config.brackets, [['{', '}']]);
});

test('indentation: after an opening brace, back at the closing one', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of [
    'stakeholder dana "Dana Reyes, CFO" {',
    'process buyer {',
    'conversation a "A {b}" {  // opens',
  ]) {
    assert.ok(increase.test(line), line);
  }
  for (const line of ['  with omar', 'conversation a "has { in its title"', '// {', '}']) {
    assert.ok(!increase.test(line), line);
  }
  assert.ok(decrease.test('  }'));
  assert.ok(!decrease.test('  with omar'));
});

test('a word keeps its hyphens and stops at punctuation', () => {
  const word = new RegExp(config.wordPattern, 'g');
  assert.deepEqual('with case-for-change, co_design'.match(word), ['with', 'case-for-change', 'co_design']);
  assert.deepEqual('"Zoë" {zoë}'.match(word), ['Zoë', 'zoë']);
});

test('folding markers and doc comments continued on Enter', () => {
  assert.ok(new RegExp(config.folding.markers.start).test('// region Buyer side'));
  assert.ok(new RegExp(config.folding.markers.end).test('  // endregion'));
  const [rule] = config.onEnterRules;
  assert.ok(new RegExp(rule.beforeText).test('  /// The CFO.'));
  assert.equal(rule.action.appendText, '/// ');
});
