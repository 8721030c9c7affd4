import type { StepUpVerification } from '../../sync/protocol/stepUp';
import type { StepUpView } from '../api/contract/stepUp';
import { bankIdMessage, bankIdMessageKey } from './bankIdMessages';

/**
 * A verification as the POS API and the screens see it: the CRM's word, with times in ISO and the BankID message
 * the guidelines give its state. `crmUnreachable`: the till has lost the CRM mid-order (the message says so).
 */
export function toStepUpView(verification: StepUpVerification, options: { crmUnreachable?: boolean } = {}): StepUpView {
  const view: StepUpView = {
    verificationId: verification.verificationId,
    method: verification.method,
    profileId: verification.profileId,
    status: verification.status,
    expiresAt: new Date(verification.expiresAt).toISOString(),
  };
  if (verification.codeLength !== undefined) view.codeLength = verification.codeLength;
  if (verification.triesLeft !== undefined) view.triesLeft = verification.triesLeft;
  if (verification.bankId) {
    const { status, hintCode, qrData } = verification.bankId;
    const key = bankIdMessageKey({ status: options.crmUnreachable && status === 'pending' ? 'crm_unreachable' : status, hintCode });
    view.bankId = { status, hintCode, qrData: options.crmUnreachable ? null : qrData, message: key === null ? null : bankIdMessage(key) };
  }
  return view;
}
