// A synthetic but realistic register, written with a handful of INSERT … SELECT over
// generate_series (no Prisma create per row): N partnerships × M actions, each partnership
// with 12 agencies, 3 pillars / 9 priorities / 18 objectives, 3 subgroups (one per pillar,
// each bound to a Slack channel), 24 people (2 per agency; an admin, 3 chairs, a
// commissioner), 2 partner agencies and 3 status updates per action, a redate on 1 action
// in 10, and 10 contracts. Statuses, due dates (−120…+210 days around `now`), last updates
// (none for 1 in 5, else 0–70 days ago) and snoozes (1 in 50) are spread deterministically.
import type { Database } from '../../src/db/client.js';

export interface GenerateOptions {
  /** Id and name prefix, so several registers can live in one database. */
  prefix: string;
  partnerships: number;
  actionsPerPartnership: number;
  now: Date;
  /** Slack team id bound to the first partnership (optional). */
  slackTeamId?: string;
  /** Teams tenant id bound to the first partnership (optional). */
  teamsTenantId?: string;
}

export interface GeneratedRegister {
  partnershipIds: string[];
  /** Ids of partnership k's subgroups: `${prefix}p${k}-sg${s}`, s = 0..2. */
  subgroupId(k: number, s: number): string;
  /** Slack channel of partnership k's subgroup s. */
  channelOf(k: number, s: number): string;
  /** Email of person j (0..23) of partnership k; j = 2a and 2a+1 work for agency a. */
  emailOf(k: number, j: number): string;
  rows: Record<string, number>;
  ms: number;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function generateRegister(db: Database, o: GenerateOptions): Promise<GeneratedRegister> {
  const P = o.partnerships;
  const A = o.actionsPerPartnership;
  const x = o.prefix;
  const now = o.now.toISOString();
  const today = now.slice(0, 10);
  const pid = `(${q(x)} || 'p' || p)`;
  const started = performance.now();
  const script = `
CREATE OR REPLACE FUNCTION pg_temp.h(a bigint, b bigint, salt int, m int) RETURNS int LANGUAGE sql IMMUTABLE
  AS $$ SELECT (abs(hashint8(a * 1000003 + b * 131 + salt * 7)) % m)::int $$;

INSERT INTO "Partnership" (id, name, timezone, "planYear", settings, "isDemo", "createdAt", "updatedAt")
SELECT ${pid}, 'Bench CDP ' || ${q(x)} || ' ' || lpad(p::text, 3, '0'), 'Europe/London', '2026-27', '{}', false, TIMESTAMP '2026-04-01', TIMESTAMP ${q(now)}
  FROM generate_series(0, ${P - 1}) p;

INSERT INTO "Agency" (id, "partnershipId", name, kind)
SELECT ${pid} || '-ag' || a, ${pid},
       (ARRAY['Metropolitan Police','Probation Service','Council Substance Misuse','NHS Trust','Turning Point','Change Grow Live','Public Health','Housing Options','Youth Justice Service','Job Centre Plus','Mental Health Trust','Recovery Community'])[a + 1],
       (ARRAY['police','criminal-justice','council','nhs','treatment-provider','treatment-provider','council','council','criminal-justice','voluntary','nhs','voluntary'])[a + 1]
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 11) a;

INSERT INTO "AgencyAlias" (id, "partnershipId", "agencyId", alias, normalized)
SELECT g.id || '-al', g."partnershipId", g.id, g.name, lower(g.name) FROM "Agency" g WHERE g."partnershipId" LIKE ${q(x + 'p%')};

INSERT INTO "Pillar" (id, "partnershipId", code, name, position)
SELECT ${pid} || '-pl' || l, ${pid}, (ARRAY['BSC','TRS','GSD'])[l + 1],
       (ARRAY['Break drug supply chains','Deliver a world-class treatment and recovery system','Achieve a generational shift in demand'])[l + 1], l
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 2) l;

INSERT INTO "Priority" (id, "partnershipId", "pillarId", name, position)
SELECT ${pid} || '-pr' || r, ${pid}, ${pid} || '-pl' || (r / 3), 'Priority ' || (r + 1) || ': improve pathways and reach', r
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 8) r;

INSERT INTO "Objective" (id, "partnershipId", "priorityId", name, position)
SELECT ${pid} || '-ob' || b, ${pid}, ${pid} || '-pr' || (b / 2), 'Objective ' || (b + 1) || ': increase engagement and outcomes', b
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 17) b;

INSERT INTO "Subgroup" (id, "partnershipId", name, "channelPlatform", "channelId", settings, "createdAt")
SELECT ${pid} || '-sg' || s, ${pid}, (ARRAY['Enforcement','Treatment and recovery','Prevention'])[s + 1] || ' subgroup',
       'slack'::"Platform", 'C' || upper(${q(x)}) || lpad(p::text, 3, '0') || s, '{}', TIMESTAMP '2026-04-01'
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 2) s;

INSERT INTO "SubgroupPillar" ("subgroupId", "pillarId")
SELECT ${pid} || '-sg' || s, ${pid} || '-pl' || s FROM generate_series(0, ${P - 1}) p, generate_series(0, 2) s;

INSERT INTO "Person" (id, "partnershipId", name, email, "isDemo", "createdAt", "updatedAt")
SELECT ${pid} || '-pe' || j, ${pid},
       (ARRAY['Alex','Megan','Adele','Olu','Priya','Tom','Grace','Yusuf','Hannah','Kwame','Sofia','Liam'])[j % 12 + 1] || ' ' ||
       (ARRAY['Wilber','Bowen','Vance','Ade','Shah','Clarke','Okafor','Rahman','Evans','Mensah','Costa','Byrne'])[(j * 5) % 12 + 1],
       'person' || j || '@' || ${q(x)} || 'p' || p || '.example.org', false, TIMESTAMP '2026-04-01', TIMESTAMP ${q(now)}
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 23) j;

INSERT INTO "PersonAgency" ("personId", "agencyId")
SELECT ${pid} || '-pe' || j, ${pid} || '-ag' || (j / 2) FROM generate_series(0, ${P - 1}) p, generate_series(0, 23) j;

INSERT INTO "PersonRole" (id, "personId", role, "subgroupId")
SELECT ${pid} || '-ro' || k, ${pid} || '-pe' || k,
       (CASE WHEN k = 0 THEN 'admin' WHEN k <= 3 THEN 'chair' ELSE 'commissioner' END)::"RoleKind",
       CASE WHEN k BETWEEN 1 AND 3 THEN ${pid} || '-sg' || (k - 1) END
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 4) k;

INSERT INTO "Action" (id, "partnershipId", ref, title, "objectiveId", "leadAgencyId", "subgroupId", "originalDueDate", "dueDate",
                      "dueMoves", status, "statusSince", notes, "lastUpdateAt", "snoozedUntil", position, version, "createdAt", "updatedAt")
SELECT ${pid} || '-ac' || i, ${pid},
       (ARRAY['BSC','TRS','GSD'])[(i % 18) / 6 + 1] || '-' || lpad((i + 1)::text, 4, '0'),
       (ARRAY['Launch','Review','Commission','Expand','Pilot','Embed','Evaluate','Deliver'])[pg_temp.h(p, i, 1, 8) + 1] || ' ' ||
       (ARRAY['the hospital liaison pathway','naloxone distribution in hostels','drug testing on arrest','the prison release pathway',
              'school drug education sessions','the needle exchange outreach','county lines disruption operations','peer recovery mentoring'])[pg_temp.h(p, i, 2, 8) + 1] ||
       ' in ' || (ARRAY['the borough','the north locality','the south locality','custody suites','primary care networks'])[pg_temp.h(p, i, 3, 5) + 1],
       ${pid} || '-ob' || (i % 18), ${pid} || '-ag' || (i % 12), ${pid} || '-sg' || ((i % 18) / 6),
       DATE ${q(today)} + (pg_temp.h(p, i, 4, 330) - 150),
       CASE WHEN pg_temp.h(p, i, 5, 20) = 0 THEN NULL ELSE DATE ${q(today)} + (pg_temp.h(p, i, 4, 330) - 120) END,
       CASE WHEN pg_temp.h(p, i, 6, 10) = 0 THEN 1 ELSE 0 END,
       (CASE WHEN st < 15 THEN 'complete' WHEN st < 18 THEN 'cancelled' WHEN st < 45 THEN 'on_track' WHEN st < 60 THEN 'at_risk'
             WHEN st < 68 THEN 'off_track' WHEN st < 73 THEN 'blocked' WHEN st < 81 THEN 'ongoing' ELSE 'not_started' END)::"ActionStatus",
       TIMESTAMP ${q(now)} - make_interval(days => pg_temp.h(p, i, 7, 90)),
       CASE WHEN pg_temp.h(p, i, 8, 4) = 0 THEN 'Funding dependent: MOPAC grant confirmed annually' END,
       CASE WHEN pg_temp.h(p, i, 9, 5) = 0 THEN NULL ELSE TIMESTAMP ${q(now)} - make_interval(days => pg_temp.h(p, i, 10, 70), hours => pg_temp.h(p, i, 11, 9)) END,
       CASE WHEN pg_temp.h(p, i, 12, 50) = 0 THEN TIMESTAMP ${q(now)} + interval '5 days' END,
       i, 1, TIMESTAMP '2026-04-01', TIMESTAMP ${q(now)}
  FROM generate_series(0, ${P - 1}) p, generate_series(0, ${A - 1}) i, LATERAL (SELECT pg_temp.h(p, i, 13, 100) AS st) s;

INSERT INTO "ActionPartner" ("actionId", "agencyId", position)
SELECT ${pid} || '-ac' || i, ${pid} || '-ag' || ((i + k * 5 + 1) % 12), k
  FROM generate_series(0, ${P - 1}) p, generate_series(0, ${A - 1}) i, generate_series(0, 1) k;

INSERT INTO "StatusUpdate" (id, "partnershipId", "actionId", "personId", via, "oldStatus", "newStatus", note, "createdAt")
SELECT ${pid} || '-su' || i || '-' || k, ${pid}, ${pid} || '-ac' || i, ${pid} || '-pe' || ((i % 12) * 2),
       (ARRAY['import','slack','teams'])[k + 1]::"Via",
       CASE WHEN k > 0 THEN (ARRAY['not_started','on_track','at_risk'])[k]::"ActionStatus" END,
       (ARRAY['not_started','on_track','at_risk'])[k + 1]::"ActionStatus",
       (ARRAY['Imported from the delivery plan','Provider mobilised, first referrals in','Waiting on the funding decision'])[k + 1],
       TIMESTAMP ${q(now)} - make_interval(days => (2 - k) * 30 + pg_temp.h(p, i, 20 + k, 30), hours => k)
  FROM generate_series(0, ${P - 1}) p, generate_series(0, ${A - 1}) i, generate_series(0, 2) k;

INSERT INTO "DueDateChange" (id, "actionId", "fromDate", "toDate", reason, "personId", via, "createdAt")
SELECT a.id || '-dd', a.id, a."originalDueDate", a."dueDate", 'Provider mobilisation slipped', NULL, 'slack', TIMESTAMP ${q(now)} - interval '20 days'
  FROM "Action" a WHERE a."partnershipId" LIKE ${q(x + 'p%')} AND a."dueMoves" = 1;

INSERT INTO "Contract" (id, "partnershipId", ref, service, provider, "commissionerAgencyId", "commissionerId", "subgroupId", "actionId",
                        "startDate", "expiryDate", "extensionOptions", "extensionNoticeDate", "annualValue", route, stage, notes,
                        "lastUpdateAt", version, "createdAt", "updatedAt")
SELECT ${pid} || '-co' || c, ${pid}, 'C-' || lpad((c + 1)::text, 2, '0'),
       (ARRAY['Adult treatment and recovery','Young people substance misuse','Inpatient detox','Drug testing on arrest','Residential rehab'])[c % 5 + 1],
       (ARRAY['Turning Point','Change Grow Live','Humankind','With You','Phoenix Futures'])[(c * 3) % 5 + 1],
       ${pid} || '-ag2', ${pid} || '-pe4', ${pid} || '-sg' || (c % 3), NULL,
       DATE '2024-04-01', DATE ${q(today)} + (c * 70 - 20), CASE WHEN c % 2 = 0 THEN '1+1 years' END,
       CASE WHEN c % 2 = 0 THEN DATE ${q(today)} + (c * 70 - 200) END, 250000 + c * 50000,
       (ARRAY['undecided','direct_award_c','competitive','extension'])[c % 4 + 1]::"ContractRoute",
       (ARRAY['not_started','options_appraisal','route_decided','live'])[c % 4 + 1]::"ContractStage",
       NULL, TIMESTAMP ${q(now)} - make_interval(days => c * 9), 1, TIMESTAMP '2026-04-01', TIMESTAMP ${q(now)}
  FROM generate_series(0, ${P - 1}) p, generate_series(0, 9) c;

${o.slackTeamId ? `INSERT INTO "ChatBinding" (id, "partnershipId", platform, "externalId") VALUES (${q(x + 'p0-bs')}, ${q(x + 'p0')}, 'slack', ${q(o.slackTeamId)});` : ''}
${o.teamsTenantId ? `INSERT INTO "ChatBinding" (id, "partnershipId", platform, "externalId") VALUES (${q(x + 'p0-bt')}, ${q(x + 'p0')}, 'teams', ${q(o.teamsTenantId)});` : ''}
ANALYZE;
`;
  await db.withSession((sql) => sql.exec(script));
  const counts = await db.withSession((sql) =>
    sql.query<{ t: string; n: string }>(
      `SELECT 'actions' t, count(*)::text n FROM "Action" WHERE "partnershipId" LIKE $1
       UNION ALL SELECT 'statusUpdates', count(*)::text FROM "StatusUpdate" WHERE "partnershipId" LIKE $1
       UNION ALL SELECT 'people', count(*)::text FROM "Person" WHERE "partnershipId" LIKE $1
       UNION ALL SELECT 'contracts', count(*)::text FROM "Contract" WHERE "partnershipId" LIKE $1`,
      [`${x}p%`],
    ),
  );
  return {
    partnershipIds: Array.from({ length: P }, (_, k) => `${x}p${k}`),
    subgroupId: (k, s) => `${x}p${k}-sg${s}`,
    channelOf: (k, s) => `C${x.toUpperCase()}${String(k).padStart(3, '0')}${s}`,
    emailOf: (k, j) => `person${j}@${x}p${k}.example.org`,
    rows: Object.fromEntries(counts.map((r) => [r.t, Number(r.n)])),
    ms: performance.now() - started,
  };
}
