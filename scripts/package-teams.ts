// npm run package:teams → build/cdp-bot-teams.zip (manifest.json, color.png, outline.png at the
// zip root), validated offline: the manifest against the schema bundled in
// @microsoft/app-manifest, the icons' sizes (192×192 colour, 32×32 outline) and the zip layout.
//
// The manifest in git carries a placeholder GUID (00000000-0000-0000-0000-000000000000) for the
// app and bot ids: set MICROSOFT_APP_ID (the Azure Bot's app id) and it is written into the
// package. BOT_DOMAIN (e.g. cdp-bot.example.org) is added to validDomains when set.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';

export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_DIR = path.join(ROOT, 'manifest/teams');
export const DEFAULT_ZIP = path.join(ROOT, 'build/cdp-bot-teams.zip');
const FILES = ['manifest.json', 'color.png', 'outline.png'] as const;
const ICON_SIZES: Record<string, number> = { 'color.png': 192, 'outline.png': 32 };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @microsoft/app-manifest validates offline against its bundled schemas (it needs fs-extra, a devDependency here). */
function loadAppManifest(): typeof import('@microsoft/app-manifest') {
  const require = createRequire(import.meta.url);
  return require('@microsoft/app-manifest') as typeof import('@microsoft/app-manifest');
}

export interface PackageOptions {
  appId?: string;
  botDomain?: string;
  outFile?: string;
}

/** The manifest as it goes into the package: ids and domain filled in. */
export function packagedManifest(opts: PackageOptions = {}): Record<string, any> {
  const manifest = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8')) as Record<string, any>;
  if (opts.appId) {
    if (!GUID.test(opts.appId)) throw new Error(`MICROSOFT_APP_ID must be a GUID (the Azure Bot's Microsoft App ID), got "${opts.appId}"`);
    manifest.id = opts.appId;
    for (const bot of manifest.bots ?? []) bot.botId = opts.appId;
  }
  if (opts.botDomain) {
    const domain = opts.botDomain.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    manifest.validDomains = [...new Set([...(manifest.validDomains ?? []), domain])];
  }
  return manifest;
}

/** Writes the zip; returns its path. */
export function buildTeamsPackage(opts: PackageOptions = {}): string {
  const out = opts.outFile ?? DEFAULT_ZIP;
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(packagedManifest(opts), null, 2)}\n`, 'utf8'));
  for (const icon of ['color.png', 'outline.png']) zip.addFile(icon, fs.readFileSync(path.join(MANIFEST_DIR, icon)));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  zip.writeZip(out);
  return out;
}

/** Every problem with the package, as sentences; empty when it is good to upload. */
export async function validateTeamsPackage(zipFile: string): Promise<string[]> {
  const problems: string[] = [];
  const zip = new AdmZip(zipFile);
  const names = zip.getEntries().map((e) => e.entryName);
  for (const f of FILES) if (!names.includes(f)) problems.push(`${f} is missing from the zip root`);
  for (const n of names) if (!(FILES as readonly string[]).includes(n)) problems.push(`unexpected entry in the zip: ${n} (Teams wants exactly ${FILES.join(', ')} at the root)`);
  if (problems.length) return problems;

  for (const [icon, size] of Object.entries(ICON_SIZES)) {
    try {
      const png = PNG.sync.read(zip.readFile(icon)!);
      if (png.width !== size || png.height !== size) problems.push(`${icon} is ${png.width}×${png.height}; Teams requires ${size}×${size}`);
      if (icon === 'outline.png') {
        for (let i = 0; i < png.data.length; i += 4) {
          if (png.data[i + 3]! > 0 && (png.data[i]! < 250 || png.data[i + 1]! < 250 || png.data[i + 2]! < 250)) {
            problems.push('outline.png must be white on a transparent background');
            break;
          }
        }
      }
    } catch (error) {
      problems.push(`${icon} is not a readable PNG: ${(error as Error).message}`);
    }
  }

  const tmp = fs.mkdtempSync(path.join(path.dirname(zipFile), '.validate-'));
  try {
    const manifestPath = path.join(tmp, 'manifest.json');
    fs.writeFileSync(manifestPath, zip.readFile('manifest.json')!);
    const { AppManifestUtils } = loadAppManifest();
    let checked: Awaited<ReturnType<typeof AppManifestUtils.readAndValidateTeamsManifest>>;
    try {
      checked = await AppManifestUtils.readAndValidateTeamsManifest(manifestPath);
    } catch (error) {
      // The typed reader throws on a field of the wrong type or a missing required field.
      problems.push(`manifest.json: ${(error as Error).message}`);
      return problems;
    }
    const [manifest, errors] = checked;
    problems.push(...errors.map((e) => `manifest.json: ${e}`));
    const m = manifest as unknown as Record<string, any>;
    for (const icon of Object.values(m.icons ?? {})) if (typeof icon === 'string' && !names.includes(icon)) problems.push(`manifest.json names icon ${icon}, which is not in the zip`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return problems;
}

async function main(): Promise<void> {
  const appId = process.env.MICROSOFT_APP_ID?.trim() || undefined;
  const botDomain = process.env.BOT_DOMAIN?.trim() || undefined;
  const out = buildTeamsPackage({ ...(appId ? { appId } : {}), ...(botDomain ? { botDomain } : {}) });
  const problems = await validateTeamsPackage(out);
  if (problems.length) {
    process.stderr.write(`Teams package ${path.relative(process.cwd(), out)} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`Wrote ${path.relative(process.cwd(), out)} (manifest.json, color.png, outline.png) — valid.\n`);
  if (!appId) {
    process.stdout.write(`Note: MICROSOFT_APP_ID is not set, so the package carries the placeholder id ${PLACEHOLDER_ID}.\n` +
      'Set it to your Azure Bot\'s Microsoft App ID before uploading to Teams: MICROSOFT_APP_ID=… npm run package:teams\n');
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`package:teams failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
