import { WindowWedgeDecoder, type WedgeDecision } from '../drivers/wedge/windowWedgeDecoder';
import type { WedgeKeyEvent } from '../drivers/wedge/wedgeKeyEvent';

type LayoutId = ConstructorParameters<typeof WindowWedgeDecoder>[0]['layout'];

export interface WedgeCaptureOptions {
  /** The layout the scanner is set to type in (most ship as US), not the till's keyboard layout. */
  layout?: LayoutId;
  /**
   * Where a person's typing goes when no text field has focus (the idle screen's lookup field), asked when such a key
   * comes: a cashier who types a phone number without touching the screen first must see it land, not lose it.
   */
  fallbackField?: () => HTMLInputElement | null;
}

/**
 * Catches a keyboard-wedge scanner typing into the window, whatever has focus: every key goes through the drivers'
 * decoder first (capture phase). Keys that may be a scan are held back; when they turn out to be a person typing
 * they are given back to the focused field, and a finished scan is handed to `onLabel` instead of landing in a field.
 * Answers a function that unbinds it.
 */
export function bindWedgeCapture(target: Window, onLabel: (label: string) => void, options: WedgeCaptureOptions = {}): () => void {
  const decoder = new WindowWedgeDecoder({ layout: options.layout ?? 'us' });
  let timer: ReturnType<typeof setTimeout> | null = null;

  function apply(decisions: WedgeDecision[], current: KeyboardEvent | null): void {
    for (const decision of decisions) {
      if (decision.kind === 'hold') {
        current?.preventDefault();
        current?.stopPropagation();
      } else if (decision.kind === 'scan') {
        current?.preventDefault();
        current?.stopPropagation();
        onLabel(decision.label);
      } else {
        // Give held keys back to the page; the current key (if among them) simply goes on as usual.
        for (const held of decision.events) {
          if (held !== (current as unknown)) typeIntoFocused(target.document, held.key, options.fallbackField);
          else if (current && !textFieldFocused(target.document) && typeIntoFocused(target.document, current.key, options.fallbackField)) {
            // The key itself would go nowhere (no field has focus): it was typed into the fallback field instead.
            current.preventDefault();
          }
        }
      }
    }
  }

  function schedule(): void {
    if (timer !== null) clearTimeout(timer);
    const deadline = decoder.deadline();
    timer = null;
    if (deadline === null) return;
    timer = setTimeout(() => {
      timer = null;
      apply(decoder.timeout(target.performance.now()), null);
      schedule();
    }, Math.max(0, deadline - target.performance.now()));
  }

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    // Space and Tab with nothing held are a person working the screen (buttons, checkboxes, focus order).
    if (decoder.deadline() === null && (event.code === 'Space' || event.code === 'Tab')) return;
    apply(decoder.keydown(asWedgeKey(event)), event);
    schedule();
  };
  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    target.removeEventListener('keydown', onKeyDown, { capture: true });
    if (timer !== null) clearTimeout(timer);
  };
}

/** The decoder keeps the very object it was given: hand it the KeyboardEvent itself (it has every field). */
function asWedgeKey(event: KeyboardEvent): WedgeKeyEvent {
  const key = event as KeyboardEvent & { altGraph?: boolean };
  if (key.altGraph === undefined) Object.defineProperty(key, 'altGraph', { value: event.getModifierState?.('AltGraph') ?? false });
  return key;
}

function textFieldFocused(doc: Document): boolean {
  const field = doc.activeElement;
  return (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && !field.readOnly && !field.disabled;
}

/**
 * Types text into the focused text field as if the key had gone through (keeps undo and fires input events); with no
 * field focused, into `fallback` (given focus first). Answers whether it was typed anywhere.
 */
function typeIntoFocused(doc: Document, text: string, fallback?: () => HTMLInputElement | null): boolean {
  if (text.length !== 1) return false;
  if (!textFieldFocused(doc)) {
    const spare = fallback?.();
    if (!spare || spare.disabled || spare.readOnly) return false;
    spare.focus();
  }
  const field = doc.activeElement;
  if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return false;
  if (!doc.execCommand('insertText', false, text)) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(text, start, end, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return true;
}
