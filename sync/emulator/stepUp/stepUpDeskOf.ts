import type { CrmParts } from '../crmParts';
import { StepUpDesk } from './stepUpDesk';

const desks = new WeakMap<CrmParts, StepUpDesk>();

/** The one step-up desk of an emulator, shared by the protocol routes and the admin routes. */
export function stepUpDeskOf(parts: CrmParts): StepUpDesk {
  let desk = desks.get(parts);
  if (!desk) {
    desk = new StepUpDesk(parts.db, parts.profiles, parts.logger);
    desks.set(parts, desk);
  }
  return desk;
}
