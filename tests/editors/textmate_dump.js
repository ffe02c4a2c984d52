// textmate_dump.js GRAMMAR FILE - prints how VS Code's own TextMate engine
// (the npm packages vscode-textmate and vscode-oniguruma, found through
// NODE_PATH) tokenizes FILE with GRAMMAR: each line with [text|scopes] for
// each token that has scopes, ".ldx-asm" left off.  tests/editors compares
// it with sample.textmate.expected.
'use strict';
const fs = require('fs');
const path = require('path');
const textmate = require('vscode-textmate');
const onig = require('vscode-oniguruma');

const [grammarPath, filePath] = process.argv.slice(2);
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
const onigLib = onig.loadWASM(wasm.buffer).then(() => ({
	createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
	createOnigString: (s) => new onig.OnigString(s),
}));
const registry = new textmate.Registry({
	onigLib,
	loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
});
registry.loadGrammar('source.ldx-asm').then((grammar) => {
	let state = textmate.INITIAL;
	const out = [];
	for (const line of fs.readFileSync(filePath, 'utf8').replace(/\n$/, '').split('\n')) {
		const r = grammar.tokenizeLine(line, state);
		let s = '';
		for (const t of r.tokens) {
			const text = line.substring(t.startIndex, t.endIndex);
			const scopes = t.scopes.slice(1).map((x) => x.replace(/\.ldx-asm$/, '')).join(' ');
			s += scopes ? `[${text}|${scopes}]` : text;
		}
		out.push(s);
		state = r.ruleStack;
	}
	process.stdout.write(out.join('\n') + '\n');
});
