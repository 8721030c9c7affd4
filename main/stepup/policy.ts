import { z } from 'zod';
import { AssuranceSchema } from '../api/contract/profile';
import { StepUpActionSchema, StepUpMethodSchema } from '../api/contract/stepUp';
import type { PresentableProof, StepUpAction, StepUpMethod } from '../api/contract/stepUp';
import { ASSURANCE_ORDER } from '../identify/types';
import type { Assurance } from '../identify/types';

/** Ask for no more proof than the action needs, or customers walk away. */
export const DEFAULT_ACTION_ASSURANCE: Readonly<Record<StepUpAction, Assurance>> = {
  attach_receipt: 'claimed',
  earn_points: 'claimed',
  show_recent_purchases: 'possession',
  redeem_points: 'verified',
  use_personal_offer: 'verified',
  change_contact_details: 'verified',
};

export const DEFAULT_STEP_UP_METHODS: readonly StepUpMethod[] = ['sms', 'email_link', 'bankid'];

/** `stepUp` in `<data>/config.json`: every field has a default. */
export const StepUpConfigSchema = z.object({
  /** The assurance each action needs. */
  actions: z
    .object({
      attach_receipt: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.attach_receipt),
      earn_points: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.earn_points),
      show_recent_purchases: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.show_recent_purchases),
      redeem_points: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.redeem_points),
      use_personal_offer: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.use_personal_offer),
      change_contact_details: AssuranceSchema.default(DEFAULT_ACTION_ASSURANCE.change_contact_details),
    })
    .strict()
    .default({ ...DEFAULT_ACTION_ASSURANCE }),
  /** The methods this store offers, in the order the till proposes them. */
  methods: z
    .array(StepUpMethodSchema)
    .max(3)
    .refine((methods) => new Set(methods).size === methods.length, 'each method at most once')
    .default([...DEFAULT_STEP_UP_METHODS]),
});
export type StepUpConfig = z.infer<typeof StepUpConfigSchema>;

/** The config with every default filled in; throws a ZodError naming the field when `raw` is wrong. */
export function parseStepUpConfig(raw: unknown = {}): StepUpConfig {
  return StepUpConfigSchema.parse(raw ?? {});
}

/** What the till can offer this customer right now. */
export interface StepUpContext {
  /** Methods available for this customer's profile (see methodsForProfile); the policy keeps the store's order. */
  methods: readonly StepUpMethod[];
  /** Whether the CRM can be reached: offline, no verification can start. */
  online: boolean;
}

export type PolicyDecision =
  | { allowed: true; action: StepUpAction; required: Assurance; current: Assurance }
  | {
      allowed: false;
      action: StepUpAction;
      required: Assurance;
      current: Assurance;
      /** Verifications that would raise the assurance; empty offline. */
      methods: StepUpMethod[];
      /** What the customer could present at the till instead, online or not. */
      present: PresentableProof[];
      offline: boolean;
      /** Actions the current assurance already allows. */
      stillAllowed: StepUpAction[];
    };

export interface StepUpPolicy {
  readonly config: StepUpConfig;
  requiredAssurance(action: StepUpAction): Assurance;
  /** Actions `current` allows, in the config's order. */
  allowedAt(current: Assurance): StepUpAction[];
  /** Whether `current` suffices for `action`; when not, what would raise it here and now. */
  check(action: StepUpAction, current: Assurance, context?: StepUpContext): PolicyDecision;
}

export function atLeast(current: Assurance, required: Assurance): boolean {
  return ASSURANCE_ORDER.indexOf(current) >= ASSURANCE_ORDER.indexOf(required);
}

export function createStepUpPolicy(config: StepUpConfig = parseStepUpConfig()): StepUpPolicy {
  const actions = StepUpActionSchema.options;
  const requiredAssurance = (action: StepUpAction): Assurance => config.actions[action];
  const allowedAt = (current: Assurance): StepUpAction[] => actions.filter((action) => atLeast(current, requiredAssurance(action)));

  return {
    config,
    requiredAssurance,
    allowedAt,
    check(action, current, context = { methods: config.methods, online: true }) {
      const required = requiredAssurance(action);
      if (atLeast(current, required)) return { allowed: true, action, required, current };
      // Every method proves `verified`, so any of them is enough for whatever is required.
      const methods = context.online ? config.methods.filter((method) => context.methods.includes(method)) : [];
      const present: PresentableProof[] = required === 'possession' ? ['member_qr', 'card'] : ['member_qr'];
      return { allowed: false, action, required, current, methods, present, offline: !context.online, stillAllowed: allowedAt(current) };
    },
  };
}
