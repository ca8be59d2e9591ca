// A small register built in code for handler tests (no CSV, no demo loader): one partnership
// with agencies, subgroups, people in every role, a few actions and contracts, and a second
// partnership whose records must stay invisible. `extraActions` adds generated actions for
// latency measurements.
import type { CommandContext } from '../../src/core/api.js';
import type { Database } from '../../src/db/client.js';
import type { ActionStatus, Platform, Via } from '../../src/generated/prisma/enums.js';
import { loadPersonContext } from '../../src/register/people.js';
import type { CoreApi } from '../../src/core/api.js';
import { createCore, type CoreOptions } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/log/logger.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const NOW = new Date('2026-11-22T10:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

export interface Fixture {
  partnership: { id: string; name: string; timezone: string };
  other: { id: string; name: string; timezone: string };
  agencies: Record<'sms' | 'mps' | 'probation' | 'ph', string>;
  subgroups: Record<'treatment' | 'supply', string>;
  people: Record<'alex' | 'priya' | 'megan' | 'adele' | 'carl' | 'olu' | 'zed', string>;
  actions: Record<string, string>;
  contracts: Record<string, string>;
}

export type PersonKey = keyof Fixture['people'];

export async function buildFixture(db: Database, opts: { extraActions?: number } = {}): Promise<Fixture> {
  const p = db.prisma;
  const ps = await p.partnership.create({ data: { name: 'Testshire CDP', planYear: '2026-27' } });
  const other = await p.partnership.create({ data: { name: 'Otherton CDP', planYear: '2026-27' } });
  const agency = (name: string, kind: string, partnershipId = ps.id) => p.agency.create({ data: { partnershipId, name, kind } });
  const sms = await agency('LBTH Substance Misuse Service', 'council');
  const mps = await agency('Metropolitan Police Service', 'police');
  const probation = await agency('Probation Service', 'criminal-justice');
  const ph = await agency('Public Health', 'council');
  const otherAgency = await agency('Otherton Council', 'council', other.id);

  const trs = await p.pillar.create({ data: { partnershipId: ps.id, code: 'TRS', name: 'Deliver a world-class treatment and recovery system', position: 1 } });
  const bsc = await p.pillar.create({ data: { partnershipId: ps.id, code: 'BSC', name: 'Break drug supply chains', position: 0 } });
  const trsPri = await p.priority.create({ data: { partnershipId: ps.id, pillarId: trs.id, name: 'Improve treatment access' } });
  const bscPri = await p.priority.create({ data: { partnershipId: ps.id, pillarId: bsc.id, name: 'Disrupt county lines' } });
  const trsObj = await p.objective.create({ data: { partnershipId: ps.id, priorityId: trsPri.id, name: 'More people leaving prison engage with treatment' } });
  const bscObj = await p.objective.create({ data: { partnershipId: ps.id, priorityId: bscPri.id, name: 'Fewer county lines operate in the borough' } });

  const treatment = await p.subgroup.create({ data: { partnershipId: ps.id, name: 'Treatment & Recovery', pillars: { create: [{ pillarId: trs.id }] } } });
  const supply = await p.subgroup.create({ data: { partnershipId: ps.id, name: 'Supply', pillars: { create: [{ pillarId: bsc.id }] } } });

  const person = async (name: string, email: string, agencies: string[], roles: { role: 'admin' | 'chair' | 'commissioner'; subgroupId?: string }[] = [], partnershipId = ps.id) =>
    (await p.person.create({
      data: {
        partnershipId, name, email,
        agencies: { create: agencies.map((agencyId) => ({ agencyId })) },
        roles: { create: roles.map((r) => ({ role: r.role, subgroupId: r.subgroupId ?? null })) },
      },
    })).id;
  const people = {
    alex: await person('Alex Wilber', 'alexw@example.com', [sms.id]),
    priya: await person('Priya Patel', 'priya.patel@example.com', [mps.id]),
    megan: await person('Megan Bowen', 'meganb@example.com', [], [{ role: 'chair', subgroupId: treatment.id }]),
    adele: await person('Adele Vance', 'adelev@example.com', [ph.id], [{ role: 'admin' }, { role: 'commissioner' }]),
    carl: await person('Carl Jones', 'carl.jones@example.com', [ph.id], [{ role: 'commissioner' }]),
    olu: await person('Olu Ade', 'olu.ade@example.com', [probation.id]),
    zed: await person('Zed Other', 'zed@otherton.example', [otherAgency.id], [{ role: 'admin' }], other.id),
  };

  const actions: Record<string, string> = {};
  const action = async (a: { ref: string; title: string; objectiveId: string; lead?: string; partners?: string[]; subgroupId?: string; due?: string; status?: ActionStatus; notes?: string; partnershipId?: string }) => {
    const row = await p.action.create({
      data: {
        partnershipId: a.partnershipId ?? ps.id, ref: a.ref, title: a.title, objectiveId: a.objectiveId,
        leadAgencyId: a.lead ?? null, subgroupId: a.subgroupId ?? null,
        dueDate: a.due ? day(a.due) : null, originalDueDate: a.due ? day(a.due) : null,
        status: a.status ?? 'not_started', statusSince: day('2026-10-01'), notes: a.notes ?? null,
        partners: { create: (a.partners ?? []).map((agencyId, position) => ({ agencyId, position })) },
      },
    });
    actions[a.partnershipId === other.id ? `other:${a.ref}` : a.ref] = row.id;
  };
  await action({ ref: 'TRS-07', title: 'Launch the prison release pathway', objectiveId: trsObj.id, lead: sms.id, partners: [mps.id], subgroupId: treatment.id, due: '2026-12-01', status: 'at_risk' });
  await action({ ref: 'TRS-01', title: 'Naloxone training for hostel staff', objectiveId: trsObj.id, lead: sms.id, subgroupId: treatment.id, due: '2026-11-10', status: 'on_track', notes: 'MOPAC funding dependent' });
  await action({ ref: 'TRS-02', title: 'Peer recovery network', objectiveId: trsObj.id, lead: sms.id, subgroupId: treatment.id, status: 'not_started' });
  await action({ ref: 'BSC-02', title: 'County lines disruption operations', objectiveId: bscObj.id, lead: mps.id, partners: [probation.id], subgroupId: supply.id, due: '2027-03-31', status: 'on_track' });
  await action({ ref: 'BSC-05', title: 'Closure orders for cuckooed flats', objectiveId: bscObj.id, lead: probation.id, subgroupId: supply.id, due: '2026-06-30', status: 'complete' });

  const n = opts.extraActions ?? 0;
  const leads = [sms.id, mps.id, probation.id, ph.id];
  const statuses: ActionStatus[] = ['not_started', 'on_track', 'at_risk', 'off_track', 'ongoing', 'complete'];
  for (let i = 0; i < n; i++) {
    const due = new Date(Date.UTC(2026, 3, 30) + (i % 60) * 7 * 86_400_000);
    await action({
      ref: `GEN-${String(i + 1).padStart(3, '0')}`,
      title: `Generated action ${i + 1}: ${['housing support', 'naloxone supply', 'custody referrals', 'school outreach'][i % 4]}`,
      objectiveId: i % 2 ? trsObj.id : bscObj.id,
      lead: leads[i % 4], partners: [leads[(i + 1) % 4]!],
      subgroupId: i % 2 ? treatment.id : supply.id,
      due: due.toISOString().slice(0, 10), status: statuses[i % statuses.length],
    });
  }

  const otherPillar = await p.pillar.create({ data: { partnershipId: other.id, code: 'TRS', name: 'Treatment' } });
  const otherPri = await p.priority.create({ data: { partnershipId: other.id, pillarId: otherPillar.id, name: 'Access' } });
  const otherObj = await p.objective.create({ data: { partnershipId: other.id, priorityId: otherPri.id, name: 'Otherton objective' } });
  await action({ ref: 'TRS-07', title: 'Otherton secret pathway', objectiveId: otherObj.id, lead: otherAgency.id, partnershipId: other.id, due: '2026-12-01' });
  await action({ ref: 'OTH-99', title: 'Otherton naloxone plan', objectiveId: otherObj.id, lead: otherAgency.id, partnershipId: other.id });

  const contracts: Record<string, string> = {};
  const c1 = await p.contract.create({
    data: { partnershipId: ps.id, ref: 'C-01', service: 'Adult drug and alcohol treatment', provider: 'Change Grow Live', commissionerAgencyId: ph.id, commissionerId: people.carl, subgroupId: treatment.id, expiryDate: day('2027-09-30'), annualValue: 2_400_000 },
  });
  const c2 = await p.contract.create({
    data: { partnershipId: ps.id, ref: 'C-02', service: "Young people's substance misuse service", provider: 'Compass', commissionerAgencyId: ph.id, expiryDate: day('2027-03-31'), stage: 'options_appraisal' },
  });
  contracts['C-01'] = c1.id;
  contracts['C-02'] = c2.id;

  return {
    partnership: { id: ps.id, name: ps.name, timezone: ps.timezone },
    other: { id: other.id, name: other.name, timezone: other.timezone },
    agencies: { sms: sms.id, mps: mps.id, probation: probation.id, ph: ph.id },
    subgroups: { treatment: treatment.id, supply: supply.id },
    people,
    actions,
    contracts,
  };
}

/** A CommandContext for a fixture person (null → an unlinked Slack user). */
export async function ctxFor(
  db: Database,
  fx: Fixture,
  who: PersonKey | null,
  extra: { now?: Date; via?: Via; platform?: Platform; userId?: string; channelId?: string; channelName?: string; isDirect?: boolean; channelReference?: unknown } = {},
): Promise<CommandContext> {
  const partnership = who === 'zed' ? fx.other : fx.partnership;
  const person = who ? await loadPersonContext(db.prisma, partnership.id, fx.people[who]) : null;
  const platform = extra.platform ?? 'slack';
  return {
    partnership,
    person,
    via: extra.via ?? (platform === 'console' ? 'console' : platform),
    now: extra.now ?? NOW,
    chat: {
      platform,
      userId: extra.userId ?? `U-${who ?? 'nobody'}`,
      ...(extra.channelId ? { channelId: extra.channelId } : {}),
      ...(extra.channelName ? { channelName: extra.channelName } : {}),
      ...(extra.channelReference !== undefined ? { channelReference: extra.channelReference } : {}),
      isDirect: extra.isDirect ?? !extra.channelId,
    },
  };
}

/** All the text of a Message (summary, blocks, item lines, button labels) as one string, for assertions. */
export function textOf(m: { summary: string; blocks: unknown[] }): string {
  const out: string[] = [m.summary];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(m.blocks);
  return out.join('\n');
}

/**
 * A fresh test database with the fixture register and a core over it (the handler tests' setup).
 * `core` options (onChange, kickOutbox, logger) pass through to createCore.
 */
export async function openHandlerFixture(
  coreOpts: Partial<Omit<CoreOptions, 'db'>> = {},
): Promise<{ db: TestDatabase; fx: Fixture; core: CoreApi }> {
  const db = await createTestDatabase();
  const fx = await buildFixture(db);
  const core = createCore({ db, logger: silentLogger(), ...coreOpts });
  return { db, fx, core };
}

