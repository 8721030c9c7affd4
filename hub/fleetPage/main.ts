import { el } from './dom';
import { fetchFleet, signInWithCode } from './fleetClient';
import { fleetView } from './fleetView';
import { signInView } from './signInView';

/** The page keeps its token for this tab only: closing the tab signs out. */
const TOKEN_KEY = 'tillid.fleet.token';
const WHO_KEY = 'tillid.fleet.who';
const REFRESH_MS = 30_000;
const ADMIN = 'Retailer admin · all stores';
/** A store code: 8 letters and digits, read out as XXXX-XXXX (spaces and dashes are ignored, as the hub does). */
const STORE_CODE_LENGTH = 8;

function couldBeStoreCode(text: string): boolean {
  return text.replace(/[\s-]/g, '').length <= STORE_CODE_LENGTH;
}

const app = document.getElementById('app');
let timer: number | undefined;

function show(node: HTMLElement): void {
  app?.replaceChildren(node);
}

function signOut(message: string | null = null): void {
  window.clearTimeout(timer);
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(WHO_KEY);
  showSignIn(message);
}

function showSignIn(message: string | null): void {
  show(signInView({
    withCode: (code) => {
      // An admin who types or pastes their token straight away lands in the code field: no code is that long.
      if (!couldBeStoreCode(code)) return start(code, ADMIN, 'That is neither a store code nor the hub’s admin token.');
      void signInWithCode(code).then((answer) => {
        if (!answer.ok) return showSignIn(answer.message);
        start(answer.value.token, `Store manager · ${answer.value.storeId}`);
      });
    },
    withAdminToken: (token) => start(token, ADMIN),
  }, message));
  // A store manager types their code without clicking first (the admin's token is usually pasted into its own field).
  document.getElementById('field-code')?.focus();
}

/** Signs in with `token`; the first report tells whether the hub takes it (`refused`: what to say when it does not). */
function start(token: string, who: string, refused?: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(WHO_KEY, who);
  void refresh(token, who, refused);
}

async function refresh(token: string, who: string, refused?: string): Promise<void> {
  window.clearTimeout(timer);
  const answer = await fetchFleet(token);
  if (!answer.ok && answer.signedOut) return signOut(refused ?? answer.message);
  if (answer.ok) show(fleetView(answer.value, who, () => signOut(), null));
  else {
    const note = app?.querySelector('.note');
    if (note) note.replaceChildren(answer.message);
    else show(el('p', 'error', answer.message));
  }
  timer = window.setTimeout(() => void refresh(token, who), REFRESH_MS);
}

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) void refresh(saved, sessionStorage.getItem(WHO_KEY) ?? '');
else showSignIn(null);
