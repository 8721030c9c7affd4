import type { TillEvent } from '../../main/api/contract/events';
import type { DeadLetter, DeviceView, EnrolmentView, SyncStatusView } from '../../main/api/contract/manager';
import type { ApiClient, ApiResult } from '../apiClient';
import { el } from '../elements';
import type { MessageKey } from '../i18n/english';
import type { Language } from '../i18n/language';
import { formatTime } from '../localeFormat';
import type { ClientProblem, Message } from '../problemMessages';
import type { ScreenView, ViewContext } from './screenView';

export interface ManagerActions {
  client: ApiClient;
  close(): void;
  lock(): void;
  setLanguage(language: Language): void;
  /** A failed call: shown as a notice (a lapsed manager token returns to the PIN). */
  problem(problem: ClientProblem): void;
  info(message: Message): void;
}

/** Sync health, refused items, scanners, enrolment, language and a diagnostics export, for the store manager. */
export function managerScreen(ctx: ViewContext, actions: ManagerActions): ScreenView {
  const { client } = actions;
  const heading = el('h1', { id: 'screen-heading', tabindex: -1 }, ctx.t('mgr.heading'));

  const syncBody = el('div', { class: 'card-body', 'aria-live': 'polite' });
  const syncNow = el('button', { type: 'button', class: 'button primary' }, ctx.t('mgr.syncNow'));
  const rebootstrap = el('button', { type: 'button', class: 'button quiet' }, ctx.t('mgr.rebootstrap'));
  const confirmRow = el('div', { class: 'confirm', hidden: true });
  const deadBody = el('div', { class: 'card-body' });
  const devicesBody = el('div', { class: 'card-body' });
  const enrolBody = el('div', { class: 'card-body' });
  const crmUrl = el('input', { id: 'mgr-crm-url', type: 'url', autocomplete: 'off', inputmode: 'url', maxlength: 500, placeholder: 'https://' });
  const code = el('input', { id: 'mgr-code', type: 'text', autocomplete: 'off', autocapitalize: 'characters', maxlength: 64 });
  const enrol = el('button', { type: 'submit', class: 'button primary' }, ctx.t('mgr.enrol'));
  const exportButton = el('button', { type: 'button', class: 'button quiet' }, ctx.t('mgr.export'));

  async function settle<T>(result: Promise<ApiResult<T>>, show: (value: T) => void): Promise<boolean> {
    const answer = await result;
    if (answer.ok) show(answer.value);
    else actions.problem(answer.problem);
    return answer.ok;
  }

  const loadSync = (): Promise<boolean> => settle(client.syncStatus(), (status) => syncBody.replaceChildren(syncTable(ctx, status)));
  const loadDead = (): Promise<boolean> => settle(client.deadLetters(), (items) => deadBody.replaceChildren(deadLetterList(ctx, items)));
  const loadDevices = (): Promise<boolean> => settle(client.devices(), (devices) => devicesBody.replaceChildren(deviceList(ctx, devices)));
  const loadEnrolment = (): Promise<boolean> =>
    settle(client.enrolment(), (enrolment) => {
      enrolBody.replaceChildren(enrolmentSummary(ctx, enrolment));
      if (enrolment.crmUrl && !crmUrl.value) crmUrl.value = enrolment.crmUrl;
    });

  syncNow.addEventListener('click', async () => {
    syncNow.disabled = true;
    syncNow.textContent = ctx.t('mgr.syncing');
    const ok = await settle(client.syncNow(), (status) => syncBody.replaceChildren(syncTable(ctx, status)));
    syncNow.disabled = false;
    syncNow.textContent = ctx.t('mgr.syncNow');
    if (ok) {
      actions.info({ key: 'mgr.synced' });
      void loadDead();
    }
  });

  rebootstrap.addEventListener('click', () => {
    confirmRow.hidden = false;
    yes.focus();
  });
  const yes = el('button', { type: 'button', class: 'button primary' }, ctx.t('mgr.confirmRebootstrap'));
  const no = el('button', { type: 'button', class: 'button quiet' }, ctx.t('mgr.keep'));
  confirmRow.append(el('p', {}, ctx.t('mgr.rebootstrapConfirm')), el('div', { class: 'row' }, no, yes));
  no.addEventListener('click', () => {
    confirmRow.hidden = true;
    rebootstrap.focus();
  });
  yes.addEventListener('click', async () => {
    confirmRow.hidden = true;
    rebootstrap.disabled = true;
    const ok = await settle(client.rebootstrap(), () => undefined);
    rebootstrap.disabled = false;
    if (ok) {
      actions.info({ key: 'mgr.rebootstrapStarted' });
      void loadSync();
    }
  });

  const enrolForm = el(
    'form',
    {
      class: 'stack',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        enrol.disabled = true;
        enrol.textContent = ctx.t('mgr.enrolling');
        const ok = await settle(client.enrol({ crmUrl: crmUrl.value.trim(), code: code.value.trim() }), (enrolment) =>
          enrolBody.replaceChildren(enrolmentSummary(ctx, enrolment)),
        );
        enrol.disabled = false;
        enrol.textContent = ctx.t('mgr.enrol');
        if (ok) {
          code.value = '';
          actions.info({ key: 'mgr.enrolled' });
          void loadSync();
        }
      },
    },
    el('div', { class: 'field' }, el('label', { for: 'mgr-crm-url', class: 'field-label' }, ctx.t('mgr.crmUrl')), crmUrl),
    el('div', { class: 'field' }, el('label', { for: 'mgr-code', class: 'field-label' }, ctx.t('mgr.code')), code),
    el('div', { class: 'row' }, enrol),
  );

  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    await settle(client.diagnostics(), (diagnostics) => {
      const blob = new Blob([`${JSON.stringify(diagnostics, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: `tillid-diagnostics-${new Date().toISOString().slice(0, 10)}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      actions.info({ key: 'mgr.exported' });
    });
    exportButton.disabled = false;
  });

  const languageChoice = (language: Language, label: string): HTMLElement => {
    const radio = el('input', { type: 'radio', name: 'mgr-language', id: `mgr-language-${language}`, value: language, checked: ctx.language === language });
    radio.addEventListener('change', () => actions.setLanguage(language));
    return el('div', { class: 'check' }, radio, el('label', { for: radio.id, lang: language }, label));
  };

  const card = (id: string, titleKey: MessageKey, ...children: Array<Node | null>): HTMLElement =>
    el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, ctx.t(titleKey)), ...children);

  const root = el(
    'section',
    { class: 'screen manager', 'aria-labelledby': 'screen-heading' },
    el(
      'div',
      { class: 'manager-head' },
      heading,
      el(
        'div',
        { class: 'row' },
        el('button', { type: 'button', class: 'button quiet', onclick: () => actions.lock() }, ctx.t('mgr.lock')),
        el('button', { type: 'button', class: 'button primary', onclick: () => actions.close() }, ctx.t('mgr.close')),
      ),
    ),
    el(
      'div',
      { class: 'cards' },
      card('mgr-sync', 'mgr.sync', syncBody, el('div', { class: 'row' }, rebootstrap, syncNow), confirmRow),
      card('mgr-dead', 'mgr.deadLettersHeading', deadBody),
      card('mgr-devices', 'mgr.devices', devicesBody),
      card('mgr-enrolment', 'mgr.enrolment', enrolBody, enrolForm),
      card(
        'mgr-language',
        'mgr.language',
        el('fieldset', { class: 'choices' }, el('legend', { class: 'visually-hidden' }, ctx.t('mgr.language')), languageChoice('sv', 'Svenska'), languageChoice('en', 'English')),
      ),
      card('mgr-diagnostics', 'mgr.diagnostics', el('p', { class: 'muted' }, ctx.t('mgr.diagnosticsHint')), el('div', { class: 'row' }, exportButton)),
    ),
  );

  void (async () => {
    // One after another: a lapsed manager token then shows one message, not four.
    if (await loadSync()) {
      await loadDead();
      await loadDevices();
      await loadEnrolment();
    }
  })();

  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  return {
    root,
    focus: () => heading.focus(),
    onEvent(event: TillEvent) {
      if (event.type !== 'sync.status' && event.type !== 'device.status') return;
      if (refreshTimer !== null) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        void (event.type === 'sync.status' ? loadSync() : loadDevices());
      }, 300);
    },
    dispose() {
      if (refreshTimer !== null) clearTimeout(refreshTimer);
    },
  };
}

function syncTable(ctx: ViewContext, status: SyncStatusView): HTMLElement {
  const time = (value: string | number | null | undefined): string => (value === null || value === undefined ? ctx.t('mgr.never') : formatTime(ctx.language, value));
  const rows: Array<[MessageKey, string, string?]> = [
    ['mgr.online', ctx.t(status.online ? 'mgr.onlineYes' : 'mgr.onlineNo'), status.online ? 'ok' : 'warn'],
    ['mgr.lastPull', time(status.lastPullAt)],
    ['mgr.lastPush', time(status.lastPushAt)],
  ];
  if (status.pendingItems !== undefined) rows.push(['mgr.pending', String(status.pendingItems)]);
  if (status.deadLetters !== undefined) rows.push(['mgr.deadLetters', String(status.deadLetters), status.deadLetters > 0 ? 'warn' : undefined]);
  if (status.lastError) rows.push(['mgr.lastError', status.lastError.message]);
  return el(
    'dl',
    { class: 'facts', 'data-testid': 'sync-status' },
    ...rows.flatMap(([key, value, tone]) => [el('dt', {}, ctx.t(key)), el('dd', { class: tone ? `tone-${tone}` : null }, value)]),
  );
}

function deadLetterList(ctx: ViewContext, items: DeadLetter[]): HTMLElement {
  if (items.length === 0) return el('p', { class: 'muted' }, ctx.t('mgr.noDeadLetters'));
  return el(
    'ul',
    { class: 'list' },
    ...items.map((item) =>
      el(
        'li',
        {},
        el('strong', {}, item.kind),
        el('span', {}, item.reason),
        el('span', { class: 'muted' }, `${ctx.t('mgr.deadLetterAttempts', { count: item.attempts })} · ${formatTime(ctx.language, item.failedAt)}`),
      ),
    ),
  );
}

function deviceList(ctx: ViewContext, devices: DeviceView[]): HTMLElement {
  if (devices.length === 0) return el('p', { class: 'muted' }, ctx.t('mgr.noDevices'));
  return el(
    'ul',
    { class: 'list' },
    ...devices.map((device) =>
      el(
        'li',
        {},
        el('strong', {}, device.description),
        el('span', { class: `state state-${device.state}` }, ctx.t(`mgr.deviceState.${device.state}`)),
        device.error ? el('span', { class: 'muted' }, `${device.error.message} — ${device.error.next}`) : null,
      ),
    ),
  );
}

function enrolmentSummary(ctx: ViewContext, enrolment: EnrolmentView): HTMLElement {
  if (!enrolment.enrolled) return el('p', { class: 'muted' }, ctx.t('mgr.notEnrolled'));
  return el(
    'p',
    {},
    ctx.t('mgr.enrolledAt', { store: enrolment.storeName ?? '?', till: enrolment.tillName ?? '?' }),
    enrolment.crmUrl ? el('span', { class: 'muted block' }, enrolment.crmUrl) : null,
  );
}
