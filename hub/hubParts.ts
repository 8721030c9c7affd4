import type { Logger } from 'pino';
import type { HubDatabase } from './db/sql';
import type { ChangeLog } from './feed/changeLog';
import type { FaultInjector } from './http/faultInjector';
import type { MemberQrKeyring } from './keys/memberQrKeyring';
import type { MemberMirror } from './mirror/memberMirror';
import type { RedemptionDesk } from './redemption/redemptionDesk';
import type { PromotionDesk } from './promotions/promotionDesk';
import type { StepUpDesk } from './stepUp/stepUpDesk';
import type { ProfileSummaryDesk } from './summary/profileSummaryDesk';
import type { EnrolmentDesk } from './tills/enrolmentDesk';
import type { UploadDesk } from './upload/uploadDesk';
import type { FleetDesk } from './fleet/fleetDesk';
import type { MemberLookupDesk } from './lookup/memberLookupDesk';
import type { StoreManagerDesk } from './fleet/storeManagerDesk';
import type { CrmDeliveryQueue } from './delivery/crmDeliveryQueue';
import type { ReceiptDeliveryDesk } from './receiptDelivery/receiptDeliveryDesk';

/** This process's own counts since it started (GET /admin/stats); everything else lives in the database. */
export interface HubProcessStats {
  /** Requests by route (`POST /sync/v1/upload`). */
  requests: Record<string, number>;
  /** Upload items answered, by outcome. */
  uploads: { accepted: number; duplicate: number; rejected: number };
}

/**
 * What the routes are built from. Nothing here holds state of its own (it all lives in the database), but for this
 * process's diagnostics: its injected faults and its counts.
 */
export interface HubParts {
  db: HubDatabase;
  /** Made when the database was first set up: cursors and page tokens of another database expire. */
  epoch: string;
  feed: ChangeLog;
  mirror: MemberMirror;
  keyring: MemberQrKeyring;
  enrolment: EnrolmentDesk;
  uploads: UploadDesk;
  /** Receipts customers asked to get by e-mail or SMS, held for the admin API. */
  receiptDeliveries: ReceiptDeliveryDesk;
  redemptions: RedemptionDesk;
  /** Offers redeemed at tills, online only, behind a step-up the hub checks. */
  promotions: PromotionDesk;
  summaries: ProfileSummaryDesk;
  stepUp: StepUpDesk;
  /** Injected faults on this process's sync routes (POST /admin/faults). */
  faults: FaultInjector;
  /** The tills' heartbeats and the fleet report. */
  fleet: FleetDesk;
  storeManagers: StoreManagerDesk;
  /** What the hub owes the CRM (filled only when the connector has a push). */
  crmQueue: CrmDeliveryQueue;
  stats: HubProcessStats;
  /** A till's miss while online: the mirror, then the connector (POST /sync/v1/lookup). */
  lookups: MemberLookupDesk;
  /** The store a code is made for when the admin names none. */
  defaultStoreId: string;
  logger: Logger;
  now: () => number;
}
