import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The header of the generated export: Voyado's contact columns, and one (personal number) that feeds nothing. */
export const EXPORT_HEADER = 'id,contactType,firstName,lastName,email,mobilePhone,memberNumber,points,tier,socialSecurityNumber';
export const EXPORT_COLUMNS = EXPORT_HEADER.split(',');

const FIRST = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Eva', 'Anders', 'Sara', 'Per', 'Lena', 'Nils'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];
const TIERS = ['member', 'silver', 'gold'];

/**
 * Contact `i` as a CSV line: unique identifiers, written the ways exports write them (the mobile number as E.164,
 * as `070-123 45 67` and, one in a hundred, as `+46 (0)70 123 45 67`, which only libphonenumber reads).
 */
export function exportLine(i: number): string {
  const digits = String(i).padStart(7, '0');
  const first = FIRST[i % FIRST.length] as string;
  const last = LAST[(i >>> 3) % LAST.length] as string;
  const phone = i % 100 === 7 ? `+46 (0)70 ${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`
    : i % 2 === 0 ? `+4670${digits}` : `070-${digits.slice(0, 3)} ${digits.slice(3, 5)} ${digits.slice(5)}`;
  const id = `0000${digits}-b0a7-4c1d-9e55-${String(i).padStart(12, '0')}`;
  return `${id},Member,${first},${last},${first}.${last}${i}@example.se,${phone},M${i},${(i * 37) % 20_000},${TIERS[i % 3]},19${String(i % 100).padStart(2, '0')}0101-0000\n`;
}

/** Writes `members` contacts to `file` (deterministic: the same file for the same count), honouring backpressure. */
export async function writeMemberExport(file: string, members: number): Promise<{ bytes: number; ms: number }> {
  if (members > 9_999_999) throw new RangeError('at most 9,999,999 members (7-digit mobile numbers)');
  const started = performance.now();
  const out = createWriteStream(file);
  out.write(`${EXPORT_HEADER}\n`);
  const batch = 10_000;
  for (let start = 0; start < members; start += batch) {
    let text = '';
    for (let i = start; i < Math.min(members, start + batch); i++) text += exportLine(i);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: out.bytesWritten, ms: Math.round(performance.now() - started) };
}
