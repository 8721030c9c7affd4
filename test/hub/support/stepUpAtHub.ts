import type { HubOptions } from '../../../hub';
import { createTillStepUpClient } from '../../../sync/client/stepUpClient';
import type { StepUpClient } from '../../../sync/client/stepUpClient';
import type { StepUpMethod, StepUpVerification } from '../../../sync/protocol';
import { seedMembers, silentLogger, startHub } from './hubUnderTest';
import type { HubEngine, HubUnderTest } from './hubUnderTest';
import { tillOnHub } from './tillOnHub';
import type { TillOnHub } from './tillOnHub';

/** A hub, a real till enrolled at it, and the till's own step-up client: what every step-up test at the hub needs. */
export interface StepUpAtHub {
  under: HubUnderTest;
  till: TillOnHub;
  client: StepUpClient;
  /** Asks the hub for a verification of `profileId` by `method`; throws unless the hub started one. */
  started(profileId: string, method: StepUpMethod): Promise<StepUpVerification>;
  /** The verification as the hub answers it now; throws when the till got no answer. */
  status(verificationId: string): Promise<StepUpVerification>;
  close(): Promise<void>;
}

/** Starts the hub (with `members` test members, `testMember(1…members)`), enrols a till and opens its step-up client. */
export async function startStepUpAtHub(engine: HubEngine, options: Partial<HubOptions> = {}, members = 0): Promise<StepUpAtHub> {
  const under = await startHub(engine, options);
  let till: TillOnHub | undefined;
  try {
    if (members > 0) await seedMembers(under.hub, members);
    till = await tillOnHub(under.hub);
  } catch (error) {
    await under.close();
    throw error;
  }
  const client = createTillStepUpClient({ dataDir: till.dataDir, logger: silentLogger, http: { timeouts: { response: 10_000, request: 20_000 } } });
  const enrolled = till;
  return {
    under, till, client,
    async started(profileId, method) {
      const answer = await client.start({ profileId, method });
      if (answer.outcome !== 'answered' || answer.answer.outcome !== 'started') throw new Error(`not started: ${JSON.stringify(answer)}`);
      return answer.answer.verification;
    },
    async status(verificationId) {
      const answer = await client.status(verificationId);
      if (answer.outcome !== 'answered') throw new Error(`status: ${JSON.stringify(answer)}`);
      return answer.answer;
    },
    async close() {
      client.close();
      await enrolled.close();
      await under.close();
    },
  };
}
