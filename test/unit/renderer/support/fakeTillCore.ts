import type { TillEvent } from '../../../../main/api/contract/events';
import type { IdentifyResponse, Session } from '../../../../main/api/contract/identify';
import type { MemberListLoading } from '../../../../main/api/contract/memberList';
import type { ProfileSummary, ProfileView, ReceiptSummary } from '../../../../main/api/contract/profile';
import type { ReceiptRequest, ReceiptResponse } from '../../../../main/api/contract/receipt';
import type { SignupRequest, SignupResponse } from '../../../../main/api/contract/signup';
import type { DeadLetter, Diagnostics, EnrolmentView, ManagerEnrolRequest, RebootstrapResponse } from '../../../../main/api/contract/manager';
import type { TillCore } from '../../../../main/till/ports/tillCore';
import { TillFailure } from '../../../../main/tillFailure';
import type { ManagerCore } from '../../../../main/till/ports/managerCore';
import { verifyManagerPin } from '../../../../main/till/managerPin';


interface FakeMember {
  profile: ProfileSummary;
  /** Inputs that find this member, and the assurance each gives. */
  inputs: Record<string, { kind: IdentifyResponse['kind']; assurance: 'claimed' | 'possession' | 'verified' }>;
  receipts: ReceiptSummary[];
}

/** A phone number several members share (the CRM side answers `several_members`): the till answers `ambiguous`. */
export const SHARED_PHONE = '0735550100';

const rejections: Record<string, { kind: IdentifyResponse['kind']; reason: string }> = {
  'TID1.forged.signature': { kind: 'member_qr', reason: 'bad_signature' },
  'TID1.expired.signature': { kind: 'member_qr', reason: 'expired' },
  '0401234567891': { kind: 'card', reason: 'bad_check_digit' },
  '12': { kind: 'phone', reason: 'invalid_phone' },
};

/**
 * A small, deterministic stand-in for the till composition: a few members, identify by exact input, an in-memory
 * session, receipts and sign-ups, and events. Enough to drive the screens without SQLite or a CRM.
 */
export class FakeTillCore implements TillCore, ManagerCore {
  online = true;
  /** Set to show the screens a till whose first copy of the member list is still loading. */
  memberList: MemberListLoading | undefined;
  pinHash: string | undefined;
  readonly members: FakeMember[];
  private customer: Session['customer'] = null;
  private readonly listeners = new Set<(event: TillEvent) => void>();
  private enrolmentView: EnrolmentView = { enrolled: false, crmUrl: null, storeName: null, tillName: null, deviceId: null, enrolledAt: null };
  syncCount = 0;

  constructor(options: { pinHash?: string } = {}) {
    this.pinHash = options.pinHash;
    const asOf = '2025-03-12T14:05:00.000Z';
    this.members = [
      {
        profile: { id: 'p-anna', firstName: 'Anna', displayName: 'Anna L.', tier: 'Guld', pointsBalance: 1240, pointsAsOf: asOf, status: 'active' },
        inputs: { '0701234567': { kind: 'phone', assurance: 'claimed' }, 'TID1.anna.valid': { kind: 'member_qr', assurance: 'verified' }, '0401234567897': { kind: 'card', assurance: 'possession' } },
        receipts: [
          { receiptId: 'r-1', createdAt: '2025-03-01T10:00:00.000Z', currency: 'SEK', total: 249.5, lineCount: 3, status: 'delivered' },
          { receiptId: 'r-2', createdAt: '2025-02-11T16:30:00.000Z', currency: 'SEK', total: 89, lineCount: 1, status: 'delivered' },
        ],
      },
      {
        profile: { id: 'p-jonas', firstName: 'Jonas', displayName: 'Jonas B.', tier: 'Silver', pointsBalance: 310, pointsAsOf: asOf, status: 'active' },
        inputs: { '0709876543': { kind: 'phone', assurance: 'claimed' } },
        receipts: [],
      },
    ];
  }

  emit(event: TillEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  health() {
    return { status: 'ok' as const, version: '0.1.0-test', online: this.online, profiles: this.members.length, ...(this.memberList ? { memberList: this.memberList } : {}) };
  }

  /** Set: the next lookup of the shared phone waits for this promise before it answers (a slow CRM side). */
  sharedPhoneAnswerWaits: Promise<void> | undefined;

  async identify(input: string, source: 'typed' | 'scan'): Promise<IdentifyResponse> {
    const text = input.replace(/[\s-]/g, '');
    if (text === SHARED_PHONE && this.sharedPhoneAnswerWaits) {
      const waits = this.sharedPhoneAnswerWaits;
      this.sharedPhoneAnswerWaits = undefined;
      await waits;
    }
    if (text === SHARED_PHONE) {
      this.emit({ type: 'identify.ambiguous', kind: 'phone', source });
      return { result: 'ambiguous', kind: 'phone', assurance: 'claimed' };
    }
    const rejected = rejections[text];
    if (rejected) {
      this.emit({ type: 'identify.rejected', kind: rejected.kind, reason: rejected.reason, source });
      return { result: 'rejected', kind: rejected.kind, reason: rejected.reason };
    }
    if (/^73\d{11}$/.test(text)) return { result: 'ignored', kind: 'unknown' };
    for (const member of this.members) {
      const hit = member.inputs[text];
      if (!hit) continue;
      this.customer = { profile: member.profile, kind: hit.kind, assurance: hit.assurance, identifiedAt: new Date().toISOString() };
      this.emit({ type: 'identified', profile: member.profile, consents: [], receipts: member.receipts, kind: hit.kind, assurance: hit.assurance, source });
      return { result: 'identified', kind: hit.kind, assurance: hit.assurance, profile: member.profile };
    }
    const kind = text.includes('@') ? 'email' : /^\+?\d{7,15}$/.test(text) ? 'phone' : 'card';
    this.emit({ type: 'identify.not_found', kind, source });
    return { result: 'not_found', kind, assurance: 'claimed' };
  }

  session(): Session {
    return { customer: this.customer };
  }

  clearSession(): boolean {
    const had = this.customer !== null;
    this.customer = null;
    if (had) this.emit({ type: 'session.cleared', reason: 'api' });
    return had;
  }

  signup(request: SignupRequest): SignupResponse {
    const contact = (request.phone ?? request.email ?? '').replace(/[\s-]/g, '');
    const existing = this.members.find((m) => m.inputs[contact]);
    if (existing) throw new TillFailure('already_member', 'Already a member.', { profileId: existing.profile.id });
    const id = `p-new-${this.members.length}`;
    this.members.push({
      profile: { id, firstName: request.firstName ?? null, displayName: null, tier: null, pointsBalance: 0, pointsAsOf: null, status: 'pending_sync' },
      inputs: { [contact]: { kind: request.email ? 'email' : 'phone', assurance: 'claimed' } },
      receipts: [],
    });
    this.emit({ type: 'signup.created', profileId: id });
    return { profileId: id, status: 'pending_sync' };
  }

  recordReceipt(request: ReceiptRequest): ReceiptResponse {
    const profileId = request.profileId ?? this.customer?.profile.id ?? null;
    const member = this.members.find((m) => m.profile.id === profileId);
    member?.receipts.unshift({ receiptId: request.receiptId, createdAt: request.createdAt, currency: request.currency, total: request.total, lineCount: request.lines.length, status: 'queued' });
    this.emit({ type: 'receipt.queued', receiptId: request.receiptId, profileId, total: request.total, currency: request.currency });
    if (this.customer) {
      this.customer = null;
      this.emit({ type: 'session.cleared', reason: 'receipt' });
    }
    return { receiptId: request.receiptId, profileId, status: 'queued' };
  }

  profileView(id: string): ProfileView | null {
    const member = this.members.find((m) => m.profile.id === id);
    return member ? { profile: member.profile, consents: [], receipts: member.receipts } : null;
  }

  devices(): unknown[] {
    return [
      { deviceId: 'serial-1', transport: 'serial', state: 'online', description: 'Emulated scanner on /dev/pts/3', since: Date.now() },
      { deviceId: 'hid-1', transport: 'hid-pos', state: 'offline', description: 'Honeywell 1900 (HID-POS)', since: Date.now(), error: { where: 'hid read', message: 'device unplugged', next: 'reopening when it comes back' } },
    ];
  }

  syncStatus(): Record<string, unknown> {
    return { online: this.online, enrolled: this.enrolmentView.enrolled, lastPullAt: '2025-03-12T14:05:00.000Z', lastPushAt: null, pendingItems: 2, deadLetters: 1 };
  }

  async syncNow(): Promise<Record<string, unknown>> {
    this.syncCount += 1;
    return this.syncStatus();
  }

  subscribe(listener: (event: TillEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  verifyPin(pin: string): Promise<boolean> {
    return verifyManagerPin(pin, this.pinHash);
  }

  enrolment(): EnrolmentView {
    return this.enrolmentView;
  }

  async enrol(request: ManagerEnrolRequest): Promise<EnrolmentView> {
    this.enrolmentView = { enrolled: true, crmUrl: request.crmUrl, storeName: 'Demo Store', tillName: 'Till 1', deviceId: 'dev-1', enrolledAt: new Date().toISOString() };
    return this.enrolmentView;
  }

  async rebootstrap(): Promise<RebootstrapResponse> {
    return { status: 'started' };
  }

  diagnostics(): Diagnostics {
    return { generatedAt: new Date().toISOString(), version: '0.1.0-test', devices: this.devices().length };
  }

  listDeadLetters(): DeadLetter[] {
    return [{ id: 'o-17', kind: 'receipt', reason: 'The CRM refused the receipt: unknown currency XXX', attempts: 1, failedAt: '2025-03-12T13:00:00.000Z' }];
  }
}
