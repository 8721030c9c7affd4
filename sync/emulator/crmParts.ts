import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { Logger } from 'pino';
import type { EnrolmentDesk } from './enrolment/enrolmentDesk';
import type { FaultInjector } from './http/faultInjector';
import type { MemberQrKeyring } from './keys/memberQrKeyring';
import type { ReceiptDeliveryDesk } from './receiptDelivery/receiptDeliveryDesk';
import type { ChangeFeed } from './store/changeFeed';
import type { CrmProfiles } from './store/crmProfiles';
import type { ReceiptLedger } from './store/receiptLedger';
import type { UploadDesk, UploadTally } from './upload/uploadDesk';

/** The emulated CRM's parts, as the route groups see them. */
export interface CrmParts {
  db: SqliteDatabase;
  /** Changes when the data directory is new: cursors and page tokens of another epoch expire. */
  epoch: string;
  profiles: CrmProfiles;
  feed: ChangeFeed;
  ledger: ReceiptLedger;
  /** Receipts customers asked to get by e-mail or SMS. */
  deliveries: ReceiptDeliveryDesk;
  uploads: UploadDesk;
  enrolment: EnrolmentDesk;
  keyring: MemberQrKeyring;
  faults: FaultInjector;
  stats: { requests: Record<string, number>; uploads: UploadTally; retention: number };
  logger: Logger;
  /** Epoch milliseconds; injectable so tests can move time (code expiry, key validity). */
  now: () => number;
}
