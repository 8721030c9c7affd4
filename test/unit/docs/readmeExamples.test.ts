import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoIndexOfIdentifier } from '../../../hub/connectors/demo/demoIdentifierLookup';
import { DEMO_SEED } from '../../../main/compose/demoHub';
import { normalisePhone } from '../../../main/identify/phone';

// A newcomer copies the README's examples as they are; each must work against `tillid start --demo`.
const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');

describe('the README', () => {
  it('identifies a phone number that is a demo member, one a demo of any size holds', () => {
    const input = /"input":"([^"]+)","source":"typed"/.exec(readme)?.[1];
    expect(input).toBeDefined();
    const phone = normalisePhone(input!);
    expect(phone.ok).toBe(true);
    expect(demoIndexOfIdentifier('phone', phone.ok ? phone.e164 : '', DEMO_SEED)).toBe(0);
  });
});
