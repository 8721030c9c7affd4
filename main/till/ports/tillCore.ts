import type { IdentifyResponse, Session } from '../../api/contract/identify';
import type { ProfileView } from '../../api/contract/profile';
import type { SignupRequest, SignupResponse } from '../../api/contract/signup';
import type { ReceiptRequest, ReceiptResponse } from '../../api/contract/receipt';
import type { Health } from '../../api/contract/health';
import type { TillEvent } from '../../api/contract/events';

/** What the POS API needs from the till. main/till/till.ts implements it. */
export interface TillCore {
  health(): Health;
  /** A miss while online may wait for the CRM side's answer (at most the lookup budget); everything else answers at once. */
  identify(input: string, source: 'typed' | 'scan'): Promise<IdentifyResponse>;
  session(): Session;
  clearSession(): boolean;
  signup(request: SignupRequest): SignupResponse;
  recordReceipt(request: ReceiptRequest): ReceiptResponse;
  profileView(id: string): ProfileView | null;
  devices(): unknown[];
  syncStatus(): Record<string, unknown>;
  syncNow(): Promise<Record<string, unknown>>;
  subscribe(listener: (event: TillEvent) => void): () => void;
}
