import type { ConnectorAnswer, CrmConnector } from '../../../hub/connectors/crmConnector';

/**
 * A connector whose push goes over HTTP to a CRM stand-in in the test process (test/hub/support/crmStandIn.ts), so a
 * hub in a child process can be killed mid-delivery while the stand-in keeps count. Pull has nothing to say.
 */
export function httpCrmConnector(crmUrl: string): CrmConnector {
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${crmUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return response.json();
  };
  const none = <T>(value: T): Promise<ConnectorAnswer<T>> => Promise.resolve({ status: 'accepted', value });
  return {
    name: 'http-stand-in',
    async *fullImport() {
      yield* [];
    },
    changesSince: (position) => none({ changed: [], erased: [], position: position ?? 'stand-in' }),
    lookup: () => none(null),
    findByIdentifier: () => none({ notFound: true } as const),
    push: {
      receiptsApplied: 'at_once',
      signUp: async (signup) => (await post('/signups', { provisionalId: signup.provisionalId })) as ConnectorAnswer<{ profileId: string }>,
      receipt: async (receipt, profileId) => (await post('/receipts', { receiptId: receipt.receiptId, profileId })) as ConnectorAnswer<null>,
      redeem: async (profileId, points, key) => (await post('/redemptions', { profileId, points, key })) as ConnectorAnswer<{ pointsBalance: number }>,
    },
    close: () => Promise.resolve(),
  };
}
