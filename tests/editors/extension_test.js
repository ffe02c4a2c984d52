// extension_test.js EXTENSION_DIR - editors/vscode/extension.js under node,
// with a stand-in for VS Code's API: activating it registers a debug adapter
// for the type "ldx" that is `vm dap` (the configuration's vm, else vm on the
// PATH) in the workspace's folder, and F5 without a launch.json in an
// LDX-32 source makes the kernel-with-this-program configuration.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { registered, editor } = require('./vscode_stub.js');

const ext = require(path.resolve(process.argv[2], 'extension.js'));
const pkg = JSON.parse(fs.readFileSync(path.resolve(process.argv[2], 'package.json'), 'utf8'));
assert.strictEqual(pkg.main, './extension.js');
const context = { subscriptions: [] };
ext.activate(context);
assert.strictEqual(context.subscriptions.length, 2);
const factory = registered['factory:ldx'], provider = registered['provider:ldx'];
assert.ok(factory && provider, 'an adapter factory and a configuration provider for "ldx"');

const folder = { uri: { fsPath: fs.mkdtempSync(path.join(os.tmpdir(), 'ldx-ext-')) } };
let exe = factory.createDebugAdapterDescriptor({ configuration: { vm: '/opt/ldx/vm' }, workspaceFolder: folder });
assert.deepStrictEqual([exe.command, exe.args, exe.options.cwd], ['/opt/ldx/vm', ['dap'], folder.uri.fsPath]);
exe = factory.createDebugAdapterDescriptor({ configuration: {} });
assert.deepStrictEqual([exe.command, exe.args], ['vm', ['dap']]);

// F5 with no launch.json: made from the editor's file; the workspace's ./vm
// once there is one
let cfg = provider.resolveDebugConfiguration(folder, {});
assert.deepStrictEqual([cfg.type, cfg.request, cfg.add, cfg.input, cfg.vm],
	['ldx', 'launch', ['${file}'], '${fileBasenameNoExtension}\nexit\n', undefined]);
for (const key of Object.keys(cfg))
	assert.ok(['type', 'request', 'name'].includes(key)
		|| key in pkg.contributes.debuggers[0].configurationAttributes.launch.properties, key);
fs.writeFileSync(path.join(folder.uri.fsPath, 'vm'), '');
cfg = provider.resolveDebugConfiguration(folder, {});
assert.strictEqual(cfg.vm, path.join(folder.uri.fsPath, 'vm'));
fs.rmSync(folder.uri.fsPath, { recursive: true });
// a configuration of its own is left alone, and so is another language's F5
const mine = { type: 'ldx', request: 'launch', name: 'mine', image: 'x.bin' };
assert.strictEqual(provider.resolveDebugConfiguration(folder, mine), mine);
editor.language = 'c';
assert.deepStrictEqual(provider.resolveDebugConfiguration(folder, {}), {});
console.log('extension.js: vm dap started as configured');
