import type { DeadLetter, Diagnostics, EnrolmentView, ManagerEnrolRequest, RebootstrapResponse } from '../../api/contract/manager';

/** What the manager screen needs from the till. The composition implements it. */
export interface ManagerCore {
  /** Checks a PIN against config `manager.pinHash` (see verifyManagerPin); false when none is set. */
  verifyPin(pin: string): Promise<boolean> | boolean;
  enrolment(): Promise<EnrolmentView> | EnrolmentView;
  /** Enrols this till with a one-time code; throws SyncFailure (`enrolment_refused`, `unreachable`, …) on failure. */
  enrol(request: ManagerEnrolRequest): Promise<EnrolmentView>;
  /** Drops the cursor and loads the CRM's members afresh. */
  rebootstrap(): Promise<RebootstrapResponse>;
  /** Logs and state for support, without personal data. */
  diagnostics(): Promise<Diagnostics> | Diagnostics;
  listDeadLetters(): Promise<DeadLetter[]> | DeadLetter[];
}
