import { afterEach, describe, expect, it } from 'vitest';
import { MEMBER_LOOKUP_PATH, MemberLookupAnswerSchema, SyncProblemSchema } from '../../../sync/protocol';
import { DEMO_SHARED_PHONE } from '../../../hub/connectors/demo/demoSharedPhone';
import { CrmHarness } from './support/crmHarness';

let harness: CrmHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe('POST /sync/v1/lookup on the emulated CRM', () => {
  it('answers a demo member, nobody, several for the shared number while both its members exist, and 400 without echoing', async () => {
    harness = await CrmHarness.start();
    const h = harness;
    const token = await h.enrolTill();
    const lookUp = (kind: string, value: string) => h.request('POST', MEMBER_LOOKUP_PATH, { token, body: { identifier: { kind, value } } });
    const member = h.crm.demoMember(7);

    const found = await lookUp('phone', member.phone);
    expect(found.status).toBe(200);
    const { profile } = MemberLookupAnswerSchema.parse(found.json);
    expect([profile.id, profile.firstName]).toEqual([member.profileId, member.firstName]);
    expect(profile.identifiers).toContainEqual({ kind: 'phone', value: member.phone });

    const problem = async (kind: string, value: string) => {
      const answer = await lookUp(kind, value);
      expect(answer.text).not.toContain(value.slice(-7));
      return [answer.status, SyncProblemSchema.parse(answer.json).type];
    };
    expect(await problem('phone', '+46708880005')).toEqual([404, 'member_not_found']);
    expect(await problem('phone', DEMO_SHARED_PHONE)).toEqual([409, 'several_members']);
    expect(await problem('phone', '073-555 01 00')).toEqual([400, 'bad_request']);
    expect((await h.request('POST', MEMBER_LOOKUP_PATH, { token: null, body: { identifier: { kind: 'phone', value: member.phone } } })).status).toBe(401);

    // One of the two who share it is erased at the hub: the demo CRM computes its household number, so it still answers
    // `several` (naming nobody); erased members themselves are never brought back (test/hub/memberLookup.test.ts).
    expect((await h.admin('DELETE', `/admin/profiles/${h.crm.demoMember(1).profileId}`)).status).toBe(204);
    expect(await problem('phone', DEMO_SHARED_PHONE)).toEqual([409, 'several_members']);
  });
});
