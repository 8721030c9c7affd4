import { describe, expect, it } from 'vitest';
import { StepUpCodeRequestSchema, StepUpMethodSchema, StepUpStatusSchema } from '../../../main/api/contract/stepUp';
import { StepUpMethodSchema as WireMethodSchema, StepUpStatusSchema as WireStatusSchema } from '../../../sync/protocol/stepUp';

describe('the POS API’s step-up contract', () => {
  it('names the same methods and statuses as the sync protocol', () => {
    expect(StepUpMethodSchema.options).toEqual(WireMethodSchema.options);
    expect(StepUpStatusSchema.options).toEqual(WireStatusSchema.options);
  });

  it.each([
    ['123456', '123456'],
    ['123 456', '123456'],
    [' 123-456 ', '123456'],
  ])('reads the code %j as %s', (typed, code) => {
    expect(StepUpCodeRequestSchema.parse({ code: typed }).code).toBe(code);
  });

  it.each(['12345', '1234567', '12345a', '', '１２３４５６'])('refuses the code %j', (typed) => {
    expect(StepUpCodeRequestSchema.safeParse({ code: typed }).success).toBe(false);
  });
});
