import { el } from './dom';

export interface SignInHandlers {
  withCode(code: string): void;
  withAdminToken(token: string): void;
}

function form(label: string, inputName: string, type: string, button: string, submit: (value: string) => void): HTMLFormElement {
  const input = el('input', '');
  input.name = inputName;
  input.type = type;
  input.required = true;
  input.autocomplete = 'off';
  const id = `field-${inputName}`;
  input.id = id;
  const labelEl = el('label', '', label);
  labelEl.htmlFor = id;
  const submitButton = el('button', '', button);
  submitButton.type = 'submit';
  const f = el('form', 'sign-in-form', [labelEl, input, submitButton]);
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) submit(value);
  });
  return f;
}

/** Two ways in, no password: a store manager's one-time code, or the retailer's admin token. */
export function signInView(handlers: SignInHandlers, message: string | null): HTMLElement {
  return el('div', 'sign-in', [
    el('h1', '', 'Tillid fleet'),
    el('p', 'lead', 'See how the tills in your stores are doing.'),
    ...(message ? [el('p', 'error', message)] : []),
    el('section', 'panel', [el('h2', '', 'Store manager'), el('p', '', 'Enter the code you were given for your store.'),
      form('Code', 'code', 'text', 'Sign in', handlers.withCode)]),
    el('section', 'panel', [el('h2', '', 'Retailer admin'), el('p', '', 'Enter the hub’s admin token to see every store.'),
      form('Admin token', 'admin-token', 'password', 'Sign in as admin', handlers.withAdminToken)]),
  ]);
}
