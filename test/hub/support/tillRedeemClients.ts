import { createFileCredentialStore } from '../../../sync/client/credentialStore';
import { createCrmSessionKeeper } from '../../../sync/client/crmSession';
import type { CrmSessionKeeper } from '../../../sync/client/crmSession';
import { redeemPromotionAtCrm } from '../../../sync/client/promotionClient';
import type { PromotionExchange } from '../../../sync/client/promotionClient';
import { createTillStepUpClient } from '../../../sync/client/stepUpClient';
import type { StepUpClient } from '../../../sync/client/stepUpClient';
import type { PromotionRedemptionRequest } from '../../../sync/protocol';
import { silentLogger } from './hubUnderTest';
import type { TillOnHub } from './tillOnHub';

/** The HTTP timeouts of the till's clients in these tests: generous, a loaded machine is not a failure. */
export const TILL_CLIENT_HTTP = { timeouts: { response: 10_000, request: 20_000 } };

/** What a till redeems an offer with: its CRM session, its step-up client, and the redemption call itself. */
export interface TillRedeemClients {
  till: TillOnHub;
  keeper: CrmSessionKeeper;
  stepUp: StepUpClient;
  redeem(request: PromotionRedemptionRequest): Promise<PromotionExchange>;
  /** Closes the clients (not the till). */
  close(): void;
}

/** The till's own clients, unchanged, opened on `till`'s data directory. */
export function tillRedeemClients(till: TillOnHub): TillRedeemClients {
  const keeper = createCrmSessionKeeper({ dataDir: till.dataDir, credentialStore: createFileCredentialStore(till.dataDir), logger: silentLogger, http: TILL_CLIENT_HTTP });
  const stepUp = createTillStepUpClient({ dataDir: till.dataDir, logger: silentLogger, http: TILL_CLIENT_HTTP });
  return {
    till, keeper, stepUp,
    redeem: (request) => redeemPromotionAtCrm(async () => (await keeper.current()).http, request),
    close: () => {
      keeper.close();
      stepUp.close();
    },
  };
}
