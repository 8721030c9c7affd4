import { ApiClient } from './apiClient';
import { startCashierApp } from './app';
import { startCustomerDisplay } from './customer/customerApp';
import { resolveConnection, type ConnectionWindow } from './connection';
import { el } from './elements';
import { initialLanguage, translate } from './i18n/language';
import { bindWedgeCapture } from './wedgeCapture';

/** The page's entry: find the till, then start the screens and the keyboard-wedge capture. */
async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  const storage = safeLocalStorage();
  const connection = await resolveConnection(window as unknown as ConnectionWindow);
  if (!connection) {
    const language = initialLanguage(storage);
    document.documentElement.lang = language;
    root.replaceChildren(
      el(
        'main',
        { class: 'screen-host' },
        el(
          'section',
          { class: 'screen no-token', 'aria-labelledby': 'screen-heading' },
          el('h1', { id: 'screen-heading' }, translate(language, 'noToken.heading')),
          el('p', { class: 'lead' }, translate(language, 'noToken.body')),
        ),
      ),
    );
    return;
  }
  const client = new ApiClient(connection);
  // The customer display is the same page at /customer (a browser tab on the second screen, or Electron's second window).
  if (window.location.pathname === '/customer') {
    startCustomerDisplay({ root, client });
    return;
  }
  const app = startCashierApp({ root, client, storage });
  bindWedgeCapture(window, (label) => app.scanned(label), {
    // Typing with nothing focused (after a tap elsewhere, or on a member's screen) lands in the lookup field.
    fallbackField: () => app.startTypedLookup(),
  });
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

void boot();
