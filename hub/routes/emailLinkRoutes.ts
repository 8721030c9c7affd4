import type { HubParts } from '../hubParts';
import type { Reply, Route } from '../http/routeTable';
import type { StepUpVerification } from '../../sync/protocol';

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The link is a credential: no referrer carries it on, no cache keeps the page, nothing but the form runs. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function page(status: number, title: string, lines: string[], form = false): Reply {
  const body = [
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title></head><body><main><h1>${title}</h1>`,
    ...lines.map((line) => `<p>${line}</p>`),
    // A POST, not the GET of the link itself: mail scanners that fetch every link must not verify anyone.
    form ? '<form method="post"><button type="submit">Ja, det är jag / Yes, it is me</button></form>' : '',
    '</main></body></html>',
  ].join('');
  return { status, body, contentType: 'text/html', headers: PAGE_HEADERS };
}

const GONE = page(404, 'Länken gäller inte / The link is not valid', [
  'Den här länken gäller inte längre. Be kassan om en ny.', 'This link is no longer valid. Ask at the till for a new one.',
]);

function outcome(verification: StepUpVerification): Reply {
  switch (verification.status) {
    case 'verified':
      return page(200, 'Klart / Done', ['Tack! Du är verifierad: gå tillbaka till kassan.', 'Thank you! You are verified: go back to the till.']);
    case 'expired':
      return page(410, 'Länken har gått ut / The link has expired', ['Be kassan om en ny länk.', 'Ask at the till for a new link.']);
    default:
      return GONE;
  }
}

/** What the customer opens from the step-up mail (the SMTP provider's links point here): confirm, then done. */
export function emailLinkRoutes(parts: HubParts): Route[] {
  const desk = parts.stepUp;
  return [
    {
      method: 'GET', path: '/step-up/email/:token', auth: 'none',
      handle: async ({ params, now }) => {
        const token = params.token ?? '';
        if (!TOKEN.test(token)) return GONE;
        const verification = await desk.peekEmailLink(token, now);
        if (!verification) return GONE;
        if (verification.status !== 'pending') return outcome(verification);
        return page(200, 'Är det du i kassan? / Is it you at the till?', [
          'Någon i kassan vill verifiera att det är du. Bekräfta bara om det är du som står där.',
          'Someone at the till wants to verify that it is you. Confirm only if it is you standing there.',
        ], true);
      },
    },
    {
      method: 'POST', path: '/step-up/email/:token', auth: 'none',
      handle: async ({ params, now }) => {
        const token = params.token ?? '';
        if (!TOKEN.test(token)) return GONE;
        const verification = await desk.openEmailLink(token, now);
        return verification ? outcome(verification) : GONE;
      },
    },
  ];
}
