import { z } from 'zod';
import { StepUpVerificationSchema } from '../../sync/protocol';
import { FAILED_BANKID_HINTS, PENDING_BANKID_HINTS } from '../stepUp/bankIdHints';

/** The admin API for step-up (the same as the emulated CRM's): what a customer's phone, inbox and BankID app would see or do. */

export const AdminSmsQuerySchema = z.object({ phone: z.string().trim().min(3).max(40) });
export const AdminSmsAnswerSchema = z.object({ phone: z.string(), code: z.string(), verificationId: z.string(), sentAt: z.number() });
export type AdminSmsAnswer = z.infer<typeof AdminSmsAnswerSchema>;

export const AdminEmailQuerySchema = z.object({ email: z.string().trim().min(3).max(254) });
export const AdminEmailAnswerSchema = z.object({ email: z.string(), link: z.string(), token: z.string(), verificationId: z.string(), sentAt: z.number() });
export type AdminEmailAnswer = z.infer<typeof AdminEmailAnswerSchema>;

export const AdminBankIdQuerySchema = z.object({ profileId: z.string().min(1).max(100) });
export const AdminBankIdOrderSchema = z.object({ orderRef: z.string(), verification: StepUpVerificationSchema });
export type AdminBankIdOrder = z.infer<typeof AdminBankIdOrderSchema>;

export const AdminBankIdStartAppSchema = z.object({ hintCode: z.enum(PENDING_BANKID_HINTS).default('userSign') });
export const AdminBankIdFailSchema = z.object({ hintCode: z.enum(FAILED_BANKID_HINTS).default('startFailed') });

export const AdminVerificationAnswerSchema = z.object({ verification: StepUpVerificationSchema });
export type AdminVerificationAnswer = z.infer<typeof AdminVerificationAnswerSchema>;
