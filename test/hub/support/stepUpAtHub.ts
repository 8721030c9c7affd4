import type { Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { HubOptions } from '../../../hub';
import { createTillStepUpClient } from '../../../sync/client/stepUpClient';
import type { StepUpClient } from '../../../sync/client/stepUpClient';
import type { StepUpMethod, StepUpVerification } from '../../../sync/protocol';
import { capturingLogger } from './deliveryHarness';
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

/** A step-up hub shared by the tests of one describe block, on a clock they move, logging into lines they read. */
export interface StepUpSuite {
  /** The hub and its till; inside a test only (it starts in beforeAll). */
  readonly at: StepUpAtHub;
  /** Moves the hub's clock (it starts at the real time), as codes, links and BankID orders age. */
  advance(ms: number): void;
  /** The hub's log lines, for the privacy checks. */
  logLines: string[];
}

/**
 * Starts a step-up hub for the enclosing describe block (beforeAll) and closes it after its tests (afterAll).
 * `options` is called in that beforeAll, so stand-ins that an earlier beforeAll started can be its providers; hooks
 * run as a stack, so the hub closes before them.
 */
export function stepUpSuite(engine: HubEngine, options: (logger: Logger) => Partial<HubOptions> = () => ({}), members = 0): StepUpSuite {
  let clock = Date.now();
  const { logger, lines } = capturingLogger();
  let started: StepUpAtHub | undefined;
  beforeAll(async () => {
    started = await startStepUpAtHub(engine, { now: () => clock, logger, ...options(logger) }, members);
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get at() {
      if (!started) throw new Error('the step-up hub has not started: use it inside a test');
      return started;
    },
    advance(ms) {
      clock += ms;
    },
    logLines: lines,
  };
}
