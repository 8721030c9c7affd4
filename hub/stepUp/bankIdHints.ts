/** BankID hint codes the demo can put an order in (admin `start-app` and `fail`). */
export const PENDING_BANKID_HINTS = ['outstandingTransaction', 'noClient', 'started', 'userMrtd', 'userCallConfirm', 'userSign'] as const;
export const FAILED_BANKID_HINTS = ['expiredTransaction', 'certificateErr', 'userCancel', 'startFailed', 'userDeclinedCall', 'notSupportedByUserApp'] as const;
export type PendingBankIdHint = (typeof PENDING_BANKID_HINTS)[number];
export type FailedBankIdHint = (typeof FAILED_BANKID_HINTS)[number];
