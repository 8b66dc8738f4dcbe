import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The embedded run (`npm start`: apps/embedded/src/main.ts) as a child process. */
export interface EmbeddedProcess {
  /** e.g. http://127.0.0.1:3000 (the API under /api) */
  readonly url: string;
  /** The last lines the server printed (for errors). */
  tail(): string;
  /** Stops it as Ctrl-C stops `npm start` (it closes its databases) and waits for it to exit. */
  stop(): Promise<void>;
  /** Settles when the server exits, for whatever reason, with its exit code. */
  readonly exited: Promise<number | null>;
}

export interface EmbeddedOptions {
  /** A directory, or "memory". */
  readonly dataDir: string;
  /** 0: any free port (read from the server's log). */
  readonly port: number;
  /** Where the server's output goes besides the in-memory tail. */
  readonly logFile?: string;
  readonly timeoutMs?: number;
}

const stripAnsi = (line: string): string => line.replace(/\u001b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

/** Starts the embedded run and resolves once GET /api/health answers 200. */
export const startEmbeddedProcess = async (options: EmbeddedOptions): Promise<EmbeddedProcess> => {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'apps/embedded/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, EMBEDDED_DATA_DIR: options.dataDir, PORT: String(options.port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // its own process group: a Ctrl-C reaches the demo only, which then stops the server once, cleanly
    detached: true,
  });
  const lines: string[] = [];
  const file: WriteStream | null = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  let announced: ((url: string) => void) | null = null;
  const announcement = new Promise<string>((resolve) => (announced = resolve));
  const read = (chunk: Buffer): void => {
    file?.write(chunk);
    for (const raw of chunk.toString('utf8').split('\n')) {
      const line = stripAnsi(raw);
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      const api = / API: (http:\/\/\S+)\/api\b/.exec(line);
      if (api) announced?.(api[1]!);
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    file?.end();
    resolve(code);
  }));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill); // the demo died: never leave the server behind
  const tail = (): string => lines.slice(-40).join('\n');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 20_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', kill);
  };

  const timeoutMs = options.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const failed = exited.then((code) => {
    throw new Error(`the embedded run exited during start-up (code ${code}):\n${tail()}`);
  });
  try {
    const url = await Promise.race([announcement, failed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the embedded run did not start in ${timeoutMs / 1000} s:\n${tail()}`)), timeoutMs).unref())]);
    for (;;) {
      const healthy = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
      if (healthy) return { url, tail, stop, exited };
      if (child.exitCode !== null) await failed;
      if (Date.now() > deadline) throw new Error(`the embedded run at ${url} did not report healthy in ${timeoutMs / 1000} s:\n${tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (error: unknown) {
    await stop();
    throw error;
  } finally {
    failed.catch(() => undefined);
  }
};
