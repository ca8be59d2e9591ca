// The Teams app package: `npm run package:teams` builds a zip Teams accepts, checked offline
// (schema bundled in @microsoft/app-manifest, icon sizes, the three files at the zip root).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTeamsPackage, PLACEHOLDER_ID, validateTeamsPackage } from '../../scripts/package-teams.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teams-pkg-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Teams app package', () => {
  it('has the manifest and both icons at the zip root and passes validation', async () => {
    const zipFile = buildTeamsPackage({ outFile: path.join(dir, 'a.zip') });
    expect(await validateTeamsPackage(zipFile)).toEqual([]);
    const zip = new AdmZip(zipFile);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const color = PNG.sync.read(zip.readFile('color.png')!);
    const outline = PNG.sync.read(zip.readFile('outline.png')!);
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
    const manifest = JSON.parse(zip.readAsText('manifest.json'));
    expect(manifest.id).toBe(PLACEHOLDER_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team']);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toContain('mine');
    expect(manifest.manifestVersion).toMatch(/^1\.(1[7-9]|[2-9]\d)$/);
  });

  it('writes MICROSOFT_APP_ID and the bot domain into the packaged manifest', async () => {
    const appId = '8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const zipFile = buildTeamsPackage({ appId, botDomain: 'https://cdp.example.org/api/messages', outFile: path.join(dir, 'b.zip') });
    expect(await validateTeamsPackage(zipFile)).toEqual([]);
    const manifest = JSON.parse(new AdmZip(zipFile).readAsText('manifest.json'));
    expect(manifest.id).toBe(appId);
    expect(manifest.bots[0].botId).toBe(appId);
    expect(manifest.validDomains).toContain('cdp.example.org');
    expect(() => buildTeamsPackage({ appId: 'my-bot', outFile: path.join(dir, 'x.zip') })).toThrow(/must be a GUID/);
  });

  it('reports a wrong icon size, a nested layout and a schema error in words', async () => {
    const good = new AdmZip(buildTeamsPackage({ outFile: path.join(dir, 'c.zip') }));
    const small = new PNG({ width: 96, height: 96 });
    const bad = new AdmZip();
    bad.addFile('manifest.json', good.readFile('manifest.json')!);
    bad.addFile('color.png', PNG.sync.write(small));
    bad.addFile('outline.png', good.readFile('outline.png')!);
    bad.writeZip(path.join(dir, 'bad-icon.zip'));
    expect(await validateTeamsPackage(path.join(dir, 'bad-icon.zip'))).toEqual(['color.png is 96×96; Teams requires 192×192']);

    const nested = new AdmZip();
    for (const f of ['manifest.json', 'color.png', 'outline.png']) nested.addFile(`cdp-bot/${f}`, good.readFile(f)!);
    nested.writeZip(path.join(dir, 'nested.zip'));
    expect((await validateTeamsPackage(path.join(dir, 'nested.zip')))[0]).toBe('manifest.json is missing from the zip root');

    const m = JSON.parse(good.readAsText('manifest.json'));
    m.accentColor = 'teal';
    const schemaBad = new AdmZip();
    schemaBad.addFile('manifest.json', Buffer.from(JSON.stringify(m)));
    schemaBad.addFile('color.png', good.readFile('color.png')!);
    schemaBad.addFile('outline.png', good.readFile('outline.png')!);
    schemaBad.writeZip(path.join(dir, 'schema.zip'));
    expect((await validateTeamsPackage(path.join(dir, 'schema.zip'))).join('\n')).toMatch(/accentColor/);
  });
});
