import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QUIET_ZONE, qrModulesPath } from '../../../renderer/bankIdQr';

function matrix(rows: string[]) {
  return { size: rows.length, get: (row: number, col: number) => rows[row]?.[col] === '#' };
}

describe('BankID’s QR code as one SVG path', () => {
  it.each([
    [['..', '..'], ''],
    [['#.', '..'], `M${QUIET_ZONE} ${QUIET_ZONE}h1v1h-1z`],
    [['###', '...', '#.#'], 'M4 4h3v1h-3zM4 6h1v1h-1zM6 6h1v1h-1z'],
    [['.##.', '....', '....', '####'], 'M5 4h2v1h-2zM4 7h4v1h-4z'],
  ])('draws %j as %j', (rows, path) => {
    expect(qrModulesPath(matrix(rows))).toBe(path);
  });

  it('covers exactly the dark modules of a real symbol', () => {
    const modules = create(`bankid.67df3917-fa0d-44e5-b327-edcc928297f8.7.${'a'.repeat(64)}`, { errorCorrectionLevel: 'L' }).modules;
    let dark = 0;
    for (let r = 0; r < modules.size; r++) for (let c = 0; c < modules.size; c++) if (modules.get(r, c)) dark++;
    const covered = [...qrModulesPath(modules).matchAll(/h(\d+)v1/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(covered).toBe(dark);
  });

  it('changes with every second’s data', () => {
    const at = (seconds: number) => qrModulesPath(create(`bankid.token.${seconds}.${String(seconds).repeat(64).slice(0, 64)}`, { errorCorrectionLevel: 'L' }).modules);
    expect(at(1)).not.toBe(at(2));
  });
});
