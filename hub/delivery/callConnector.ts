import type { z } from 'zod';
import type { ConnectorAnswer } from '../connectors/crmConnector';
import { parseConnectorAnswer } from '../connectors/connectorAnswerSchemas';

/**
 * Calls a connector and always comes back with one of its four answers, within `timeoutMs`: a call that takes longer,
 * throws, or answers something that is not an answer becomes `retry_later` (`timeout`, `connector_error`,
 * `invalid_answer`). A timed-out call is abandoned, not cancelled: the CRM may still apply it, which is why every
 * push carries a key the CRM keeps once (receiptId, provisional id, idempotency key).
 */
export async function callConnector<T>(schema: z.ZodType<ConnectorAnswer<T>>, call: () => Promise<unknown>, timeoutMs: number): Promise<ConnectorAnswer<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([call(), timedOut]);
    if (answer === 'timeout') return { status: 'retry_later', reason: 'timeout' };
    return parseConnectorAnswer(schema, answer) ?? { status: 'retry_later', reason: 'invalid_answer' };
  } catch (error) {
    // The error's name only: a foreign API's message may quote what it was sent.
    return { status: 'retry_later', reason: `connector_error: ${error instanceof Error ? error.name : 'unknown'}` };
  } finally {
    clearTimeout(timer);
  }
}
