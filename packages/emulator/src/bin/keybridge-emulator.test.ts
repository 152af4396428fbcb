import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CTAPHID_BROADCAST_CID, CtapHidCommand, encodeCtapHidMessage, parseCtapHidPacket } from '@keybridge/ctap';
import { afterEach, describe, expect, it } from 'vitest';

// The bin npm links (bin/, which loads the compiled dist/bin: tsc -b runs before the tests).
const bin = fileURLToPath(new URL('../../bin/keybridge-emulator.js', import.meta.url));
const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Run[] = [];

function run(args: string[]): Run {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started: Run = { child, stdout: () => stdout, stderr: () => stderr, exit };
  running.push(started);
  return started;
}

async function listening(started: Run): Promise<{ host: string; port: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = /listening on (\S+):(\d+)/.exec(started.stdout());
    if (match) return { host: match[1]!, port: Number(match[2]) };
    if (started.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the emulator did not start:\n${started.stdout()}\n${started.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => {
  for (const started of running.splice(0)) if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
});

describe('keybridge-emulator (bin)', () => {
  it('is built with a node shebang', () => {
    expect(existsSync(bin)).toBe(true);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('listens on a free port, answers INIT and PING over UDP, and exits 0 on SIGTERM', async () => {
    const started = run(['--udp', '127.0.0.1:0']);
    const { host, port } = await listening(started);
    expect(host).toBe('127.0.0.1');
    expect(started.stdout()).toBe(`keybridge-emulator: listening on 127.0.0.1:${port} (udp)\n`);

    const socket = createSocket('udp4');
    const inbox: Buffer[] = [];
    socket.on('message', (message) => inbox.push(message));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const next = async () => {
      const deadline = Date.now() + 5000;
      while (inbox.length === 0) {
        if (Date.now() > deadline) throw new Error('no answer from the emulator');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return parseCtapHidPacket(inbox.shift()!);
    };
    try {
      const nonce = randomBytes(8);
      for (const report of encodeCtapHidMessage(CTAPHID_BROADCAST_CID, CtapHidCommand.INIT, nonce)) socket.send(report, port, host);
      const init = await next();
      expect(init).toMatchObject({ kind: 'init', cid: CTAPHID_BROADCAST_CID, command: CtapHidCommand.INIT, length: 17 });
      expect(Buffer.from(init.data.subarray(0, 8))).toEqual(nonce);
      const cid = new DataView(init.data.buffer, init.data.byteOffset).getUint32(8);
      const payload = randomBytes(40);
      for (const report of encodeCtapHidMessage(cid, CtapHidCommand.PING, payload)) socket.send(report, port, host);
      const ping = await next();
      expect(ping).toMatchObject({ kind: 'init', cid, command: CtapHidCommand.PING, length: 40 });
      expect(Buffer.from(ping.data)).toEqual(payload);
    } finally {
      socket.close();
    }

    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.stderr()).toBe('');
  });

  it('stops on SIGINT too, with its state file written', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'keybridge-emulator-'));
    try {
      const statePath = join(directory, 'state.json');
      const started = run(['--udp', '127.0.0.1:0', '--state', statePath, '--pin', '1234']);
      await listening(started);
      started.child.kill('SIGINT');
      expect(await started.exit).toEqual({ code: 0, signal: null });
      expect(JSON.parse(readFileSync(statePath, 'utf8'))).toHaveProperty(['state', 'pinHash']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('exits 1 with one line when the authenticator cannot be built', async () => {
    const started = run(['--udp', '127.0.0.1:0', '--pin', '12']);
    expect((await started.exit).code).toBe(1);
    expect(started.stderr()).toMatch(/^keybridge-emulator: .*PIN.*\n$/);
  });

  it('refuses a non-loopback address without --allow-remote', async () => {
    const started = run(['--udp', '0.0.0.0:0']);
    const { code } = await started.exit;
    expect(code).not.toBe(0);
    expect(started.stdout()).toBe('');
    expect(started.stderr()).toMatch(/^keybridge-emulator: refusing to listen on 0\.0\.0\.0: .*--allow-remote.*\n$/);
  });

  it('exits 2 with one line on an unknown option', async () => {
    const started = run(['--frob']);
    expect((await started.exit).code).toBe(2);
    expect(started.stderr().trimEnd().split('\n')).toHaveLength(1);
    expect(started.stderr()).toContain('--frob');
  });

  it('prints its version and its help', async () => {
    const version = run(['--version']);
    expect((await version.exit).code).toBe(0);
    expect(version.stdout()).toBe(`${packageVersion}\n`);
    const help = run(['--help']);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toContain('--udp HOST:PORT');
  });
});
