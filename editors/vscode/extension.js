// extension.js - the one piece of the extension that is code: it starts the
// debug adapter of an "ldx" launch configuration.  The adapter is `vm dap`
// (the vm given as the configuration's "vm", else vm on the PATH), speaking
// the Debug Adapter Protocol on its standard input and output; every other
// attribute of the configuration reaches it in the launch request.  The
// language itself (package.json, the grammar) needs no code.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

// The command that serves one debug session, and where it runs: the folder
// of the workspace, so that relative paths in launch.json mean what they
// mean in a terminal there.
function adapterFor(session) {
	const config = session.configuration || {};
	const options = {};
	if (session.workspaceFolder)
		options.cwd = session.workspaceFolder.uri.fsPath;
	return new vscode.DebugAdapterExecutable(config.vm || 'vm', ['dap'], options);
}

// F5 with no launch.json: the kernel, with the program in the editor for its
// shell, typed at its prompt (package.json's initial configuration), run by
// the workspace's ./vm when it is an LDX-32 tree, else by vm on the PATH.
function defaultConfiguration(folder, config) {
	if (config.type || config.request || config.name)
		return config;
	const editor = vscode.window.activeTextEditor;
	if (!editor || editor.document.languageId !== 'ldx-asm')
		return config;
	const made = {
		type: 'ldx',
		request: 'launch',
		name: 'Kernel, with this program for its shell',
		add: ['${file}'],
		input: '${fileBasenameNoExtension}\nexit\n',
		stopOnEntry: true,
	};
	if (folder && fs.existsSync(path.join(folder.uri.fsPath, 'vm')))
		made.vm = path.join(folder.uri.fsPath, 'vm');
	return made;
}

function activate(context) {
	context.subscriptions.push(
		vscode.debug.registerDebugAdapterDescriptorFactory('ldx', {
			createDebugAdapterDescriptor: adapterFor,
		}),
		vscode.debug.registerDebugConfigurationProvider('ldx', {
			resolveDebugConfiguration: defaultConfiguration,
		}));
}

function deactivate() {}

module.exports = { activate, deactivate, adapterFor, defaultConfiguration };
