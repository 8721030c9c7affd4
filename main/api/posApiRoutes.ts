import type { RouteContract, RouteTag } from './apiRoute';
import { MANAGER_TOKEN_HEADER } from './contract/manager';
import { MANAGER_ROUTES } from './managerRoutes';
import { RECEIPT_DELIVERY_ROUTES } from './receiptDeliveryRoutes';
import { TILL_ROUTES } from './routes';
import { SCREEN_ROUTES } from './screenRoutes';
import { STEP_UP_ROUTES } from './stepUpRoutes';

/** Every route of the POS API with its contract: what the till serves, and what docs/pos-api.openapi.json describes. */
export const POS_API_ROUTES: readonly RouteContract[] = [...TILL_ROUTES, ...STEP_UP_ROUTES, ...SCREEN_ROUTES, ...RECEIPT_DELIVERY_ROUTES, ...MANAGER_ROUTES];

export const POS_API_TAGS: Record<RouteTag, string> = {
  till: 'Identify customers, sign them up, record receipts, follow the till.',
  'step-up': 'Actions that need more proof of who the customer is, and the verifications that give it (docs/step-up.md).',
  screens: 'The cashier screen’s and the customer display’s settings, and the customer display’s own event stream.',
  manager: `The manager screen: a PIN buys a manager token, sent in \`${MANAGER_TOKEN_HEADER}\` next to the bearer token.`,
};
