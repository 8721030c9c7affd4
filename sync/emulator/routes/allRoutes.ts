import type { CrmParts } from '../crmParts';
import type { Route } from '../http/routeTable';
import { adminChangeRoutes } from './adminChangeRoutes';
import { adminEnrolmentRoutes } from './adminEnrolmentRoutes';
import { adminFaultRoutes } from './adminFaultRoutes';
import { adminKeyRoutes } from './adminKeyRoutes';
import { adminMemberQrRoutes } from './adminMemberQrRoutes';
import { adminProfileRoutes } from './adminProfileRoutes';
import { adminReceiptDeliveryRoutes } from './adminReceiptDeliveryRoutes';
import { adminReceiptRoutes } from './adminReceiptRoutes';
import { adminStatsRoutes } from './adminStatsRoutes';
import { adminStepUpRoutes } from './adminStepUpRoutes';
import { memberLookupRoutes } from './memberLookupRoutes';
import { profileSummaryRoutes } from './profileSummaryRoutes';
import { redemptionRoutes } from './redemptionRoutes';
import { stepUpRoutes } from './stepUpRoutes';
import { syncRoutes } from './syncRoutes';

/** A group of routes over the CRM's parts. New groups (e.g. step-up verification) are added to this list. */
export type RouteGroup = (parts: CrmParts) => Route[];

export const ROUTE_GROUPS: readonly RouteGroup[] = [
  syncRoutes,
  adminEnrolmentRoutes,
  adminProfileRoutes,
  adminMemberQrRoutes,
  adminReceiptRoutes,
  adminReceiptDeliveryRoutes,
  adminFaultRoutes,
  adminKeyRoutes,
  adminChangeRoutes,
  adminStatsRoutes,
  stepUpRoutes,
  adminStepUpRoutes,
  redemptionRoutes,
  profileSummaryRoutes,
  memberLookupRoutes,
];
