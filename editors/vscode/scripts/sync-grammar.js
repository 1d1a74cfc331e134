// Copies the TextMate grammar from grammar/textmate into the extension, so
// the packaged extension carries the same grammar the grammar tests check.
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', '..', '..', 'grammar', 'textmate', 'parley.tmLanguage.json');
const target = path.join(__dirname, '..', 'syntaxes', 'parley.tmLanguage.json');

fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`copied ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
