// Starts ./platform.ts in its own process and talks to it over IPC (see that file).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlatformCommand } from './platform.js';

type Cmd<C extends PlatformCommand['cmd']> = Omit<Extract<PlatformCommand, { cmd: C }>, 'id'>;

export interface Platform {
  slackApiUrl: string;
  gateUrl: string;
  token: string;
  teamId: string;
  serviceUrl: string;
  slack(c: Omit<Cmd<'slack'>, 'cmd'>): Promise<{ acks: number[]; answers: number[]; lastAnswer: string }>;
  teams(c: Omit<Cmd<'teams'>, 'cmd'>): Promise<{ times: number[]; lastReply: string }>;
  gate(c: Omit<Cmd<'gate'>, 'cmd'>): Promise<void>;
  gateResult(): Promise<{ accepted: Record<string, number[]>; paceRefusals: number; injected: number }>;
  close(): Promise<void>;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

export async function startPlatform(email: string): Promise<Platform> {
  const child: ChildProcess = fork(path.resolve(HERE, '../../bin/run-ts.js'), [path.resolve(HERE, 'platform.ts'), email], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<any>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`platform process exited (${code}) before it was ready`)));
    child.on('message', (m: any) => {
      if (m.ready) return resolve(m);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`platform: ${m.error}`));
    });
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('platform process exited'));
    pending.clear();
  });
  const info = await ready;
  const call = <T>(c: Omit<PlatformCommand, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      child.send({ ...c, id });
    });
  return {
    slackApiUrl: info.slackApiUrl,
    gateUrl: info.gateUrl,
    token: info.token,
    teamId: info.teamId,
    serviceUrl: info.serviceUrl,
    slack: (c) => call({ cmd: 'slack', ...c }),
    teams: (c) => call({ cmd: 'teams', ...c }),
    gate: (c) => call({ cmd: 'gate', ...c }),
    gateResult: () => call({ cmd: 'gateResult' }),
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      await call({ cmd: 'stop' }).catch(() => {});
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
