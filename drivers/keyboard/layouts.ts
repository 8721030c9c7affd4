import type { KeyboardLayout, LayoutId } from './keyboardLayout';
import { DE_LAYOUT } from './layouts/de';
import { FR_LAYOUT } from './layouts/fr';
import { SV_LAYOUT } from './layouts/sv';
import { US_LAYOUT } from './layouts/us';

export const LAYOUTS: Readonly<Record<LayoutId, KeyboardLayout>> = {
  us: US_LAYOUT,
  sv: SV_LAYOUT,
  de: DE_LAYOUT,
  fr: FR_LAYOUT,
};
