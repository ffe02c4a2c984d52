// extension_session.js VM SOURCE_DIR - docs/editors.md's F5, as VS Code
// does it, without VS Code: the extension (under vscode_stub.js) makes the
// configuration for a program open in the editor and the command of its
// adapter; the configuration's variables are substituted as VS Code
// substitutes them; then a session with that adapter, the real `vm dap`,
// speaking the protocol as the editor would: a breakpoint on a source line
// of the program, stopped on entry, continue to the breakpoint (the stack
// shows that file and line), Step Over by line, the program's output as
// output events, the exit status, Step Back from the end.
'use strict';
const assert = require('assert');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { registered } = require('./vscode_stub.js');

const [vm, srcdir] = process.argv.slice(2);
const ext = require(path.join(srcdir, 'editors/vscode/extension.js'));
ext.activate({ subscriptions: [] });

// The workspace: one program, open in the editor.
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ldx-f5-'));
const file = path.join(ws, 'greet.s');
const source = fs.readFileSync(path.join(srcdir, 'programs/hello.s'), 'utf8')
	.replace('hello, world', 'hello from the editor');
fs.writeFileSync(file, source);
const callLine = source.split('\n').findIndex((l) => /^\tcall\tputs/.test(l)) + 1;
assert.ok(callLine > 0, 'hello.s calls puts');

const folder = { uri: { fsPath: ws } };
const cfg = registered['provider:ldx'].resolveDebugConfiguration(folder, {});
cfg.vm = vm;	// as "vm" in launch.json (this workspace has no ./vm)
const vars = { '${file}': file, '${fileBasenameNoExtension}': 'greet', '${workspaceFolder}': ws };
const substitute = (v) => typeof v === 'string' ? v.replace(/\$\{[A-Za-z]+\}/g, (m) => vars[m] ?? m)
	: Array.isArray(v) ? v.map(substitute) : v;
for (const k of Object.keys(cfg))
	cfg[k] = substitute(cfg[k]);
const exe = registered['factory:ldx'].createDebugAdapterDescriptor({ configuration: cfg, workspaceFolder: folder });
assert.deepStrictEqual([exe.command, exe.args], [vm, ['dap']]);

// The protocol: Content-Length framing over the adapter's stdin/stdout.
const child = spawn(exe.command, exe.args, { cwd: exe.options.cwd, stdio: ['pipe', 'pipe', 'inherit'] });
let buf = Buffer.alloc(0), seq = 0;
const waiting = [], queue = [];
child.stdout.on('data', (d) => {
	buf = Buffer.concat([buf, d]);
	for (;;) {
		const end = buf.indexOf('\r\n\r\n');
		if (end < 0)
			return;
		const len = Number(/Content-Length: *(\d+)/i.exec(buf.slice(0, end).toString())[1]);
		if (buf.length < end + 4 + len)
			return;
		queue.push(JSON.parse(buf.slice(end + 4, end + 4 + len).toString()));
		buf = buf.slice(end + 4 + len);
		while (waiting.length && queue.length)
			waiting.shift()(queue.shift());
	}
});
const next = () => new Promise((resolve) => queue.length ? resolve(queue.shift()) : waiting.push(resolve));
const output = [];
async function until(pred) {
	for (;;) {
		const m = await next();
		if (m.type === 'event' && m.event === 'output')
			output.push(m.body.output);
		if (pred(m))
			return m;
	}
}
async function request(command, args) {
	const s = ++seq;
	const body = JSON.stringify({ seq: s, type: 'request', command, arguments: args });
	child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
	const r = await until((m) => m.type === 'response' && m.request_seq === s);
	assert.ok(r.success, `${command}: ${r.message}`);
	return r.body || {};
}
const stopped = (reason) => until((m) => m.type === 'event' && m.event === 'stopped')
	.then((m) => { assert.strictEqual(m.body.reason, reason); return m.body; });
async function top(threadId) {
	return (await request('stackTrace', { threadId })).stackFrames[0];
}

(async () => {
	const caps = await request('initialize', { clientID: 'vscode', adapterID: 'ldx', linesStartAt1: true });
	assert.ok(caps.supportsStepBack && caps.supportsConfigurationDoneRequest);
	await request('launch', cfg);
	await until((m) => m.type === 'event' && m.event === 'initialized');
	const bps = await request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: callLine }] });
	assert.deepStrictEqual([bps.breakpoints[0].verified, bps.breakpoints[0].line], [true, callLine], bps.breakpoints[0].message);
	await request('configurationDone', {});
	await stopped('entry');	// stopOnEntry: the kernel's first instruction
	await request('continue', { threadId: 1 });
	const at = await stopped('breakpoint');
	let frame = await top(at.threadId);
	assert.strictEqual(frame.source.path, file);
	assert.strictEqual(frame.line, callLine);
	await request('next', { threadId: at.threadId });
	await stopped('step');
	frame = await top(at.threadId);
	assert.deepStrictEqual([frame.source.path, frame.line], [file, callLine + 1]);
	assert.ok(output.join('').includes('hello from the editor\n'), 'the program wrote its line');
	await request('continue', { threadId: at.threadId });
	const exited = await until((m) => m.type === 'event' && m.event === 'exited');
	assert.strictEqual(exited.body.exitCode, 0);
	await stopped('exception');	// the end: the session stays, to go back
	await request('stepBack', { threadId: 1 });
	await stopped('step');
	await request('disconnect', {});
	child.on('exit', (code) => {
		fs.rmSync(ws, { recursive: true });
		assert.strictEqual(code, 0);
		console.log(`extension_session.js: F5 on greet.s, a breakpoint on line ${callLine}, Step Over, the output, exit 0, Step Back`);
	});
})().catch((e) => {
	console.error(e);
	child.kill();
	process.exit(1);
});
