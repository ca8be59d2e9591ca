// Test harness for the Teams adapter: an express app mounting the adapter's router on
// 127.0.0.1, the Bot Framework connector double as every activity's serviceUrl, and the
// recorded-shape activities from test/fixtures/replay/teams.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createTeamsAdapter, type TeamsAdapter, type TeamsAdapterOptions } from '../../adapters/teams/app.js';
import { BotConnectorDouble } from '../doubles/bot-connector.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/replay/teams');

export type ActivityJson = Record<string, any>;

/** A recorded-shape Teams activity, with its serviceUrl pointed at the double and overrides applied. */
export function fixture(name: string, serviceUrl: string, patch: (a: ActivityJson) => void = () => {}): ActivityJson {
  const a = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as ActivityJson;
  a.serviceUrl = serviceUrl;
  patch(a);
  return a;
}

export interface Harness {
  url: string;
  connector: BotConnectorDouble;
  teams: TeamsAdapter;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** `mode` defaults to the one the config implies: authenticated with an app id, else local (Teams alone). */
export async function startHarness(opts: Omit<TeamsAdapterOptions, 'mode'> & { mode?: TeamsAdapterOptions['mode'] }, connector?: BotConnectorDouble): Promise<Harness> {
  const double = connector ?? new BotConnectorDouble();
  if (!connector) await double.start();
  const teams = createTeamsAdapter({ ...opts, mode: opts.mode ?? (opts.config.appId ? 'authenticated' : 'local') });
  const app = express();
  app.use(teams.router);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connector: double,
    teams,
    async post(activity, headers = {}) {
      const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body };
    },
    async close() {
      await teams.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!connector) await double.stop();
    },
  };
}

/** The Adaptive Card of a recorded connector call. */
export function cardOf(call: { body: Record<string, unknown> | undefined } | undefined): any {
  const attachments = (call?.body?.attachments ?? []) as { contentType: string; content: any }[];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every string in a card (to assert what a user would read). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (['text', 'value', 'title', 'fallbackText'].includes(key ?? '')) out.push(v);
    } else if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(card);
  return out.join('\n').replace(/\\([\\`*_{}[\]()#+!<>|~.-])/g, '$1');
}

/** All Action.Execute actions in a card (including inside ShowCards). */
export function executeActions(card: unknown): { title: string; verb: string; data: any }[] {
  const out: { title: string; verb: string; data: any }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, any>;
      if (o.type === 'Action.Execute') out.push({ title: o.title, verb: o.verb, data: o.data });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
