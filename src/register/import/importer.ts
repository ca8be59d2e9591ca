// Who an import is attributed to (`cdp import … --as EMAIL`): a person of the partnership by
// email; by default the only admin. With several admins, or people but no admin, the
// coordinator must say who is importing. A partnership with nobody registered yet (the first
// import) is imported unattributed.
import type { Database } from '../../db/client.js';
import { domainError, err, ok, type Result } from '../../result.js';

export interface Importer {
  id: string;
  name: string;
  email: string;
}

export async function resolveImporter(db: Database, partnershipId: string | undefined, as: string | undefined): Promise<Result<Importer | null>> {
  if (as === undefined) return ok(null);
  const people = partnershipId
    ? await db.prisma.person.findMany({ where: { partnershipId }, select: { id: true, name: true, email: true, roles: { select: { role: true } } }, orderBy: { name: 'asc' } })
    : [];
  const admins = people.filter((p) => p.roles.some((r) => r.role === 'admin'));
  const list = (xs: typeof people) => xs.map((p) => `${p.name} <${p.email}>`).join(', ');
  if (as !== 'auto') {
    const email = as.trim().toLowerCase();
    const hit = people.find((p) => p.email.toLowerCase() === email);
    if (hit) return ok({ id: hit.id, name: hit.name, email: hit.email });
    return err(domainError('unknown_importer', `--as ${as}: nobody with that email is registered in this partnership, so nothing was imported.`,
      people.length ? `Admins: ${list(admins) || 'none'}. Register the person first (cdp people import people.csv).` : 'Nobody is registered yet: import the plan without --as, then the people.'));
  }
  if (admins.length === 1) return ok({ id: admins[0]!.id, name: admins[0]!.name, email: admins[0]!.email });
  if (people.length === 0) return ok(null);
  if (admins.length > 1) {
    return err(domainError('importer_required', `This partnership has ${admins.length} admins, so say who is importing (the history records it): nothing was imported.`, `Add --as EMAIL, one of: ${list(admins)}.`));
  }
  return err(domainError('importer_required', 'This partnership has no admin, so say who is importing (the history records it): nothing was imported.', 'Add --as EMAIL (the email of a registered person; cdp people list).'));
}
