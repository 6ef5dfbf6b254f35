import { randomBytes } from 'node:crypto';

/** Lowercase letters, digits and single dashes, 3–48 characters (slugSchema), from a display name. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return base;
}

/** Slugs to try in order: the name's, then numbered, then random suffixes. */
export function* slugCandidates(name: string, fallback: string): Generator<string> {
  let base = slugify(name);
  if (base.length < 3) base = slugify(fallback);
  if (base.length < 3) base = 'workspace';
  yield base;
  for (let n = 2; n <= 9; n++) yield `${base}-${n}`;
  for (let i = 0; i < 5; i++) yield `${base}-${randomBytes(3).toString('hex')}`;
}
