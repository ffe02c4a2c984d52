// vscode_stub.js - a stand-in for VS Code's API, enough for
// editors/vscode/extension.js under node (extension_test.js,
// extension_session.js): require('vscode') gets it; what the extension
// registers lands in `registered` ('factory:TYPE', 'provider:TYPE'), and
// the active editor's language is `editor.language`.
'use strict';
const Module = require('module');

const registered = {};
const editor = { language: 'ldx-asm' };
const vscode = {
	DebugAdapterExecutable: class {
		constructor(command, args, options) {
			Object.assign(this, { command, args, options });
		}
	},
	debug: {
		registerDebugAdapterDescriptorFactory(type, f) {
			registered['factory:' + type] = f;
			return { dispose() {} };
		},
		registerDebugConfigurationProvider(type, p) {
			registered['provider:' + type] = p;
			return { dispose() {} };
		},
	},
	window: {
		get activeTextEditor() {
			return { document: { languageId: editor.language } };
		},
	},
};
const load = Module._load;
Module._load = function (request, ...rest) {
	return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

module.exports = { vscode, registered, editor };
