import { STEP_UP_RULES } from '../../sync/protocol';

const CODE_MINUTES = STEP_UP_RULES.smsCodeTtlMs / 60_000;
const LINK_MINUTES = STEP_UP_RULES.emailLinkTtlMs / 60_000;

/** The SMS: Swedish then English, GSM-7 characters only, under 160 characters so it travels as one message. */
export function smsCodeText(code: string): string {
  return `Din kod: ${code} (giltig ${CODE_MINUTES} min). Your code: ${code} (valid ${CODE_MINUTES} min). Ge den bara till kassan.`;
}

export function emailLinkMail(link: string): { subject: string; text: string } {
  return {
    subject: 'Bekräfta att det är du i kassan / Confirm it is you at the till',
    text: [
      'Hej! Någon i kassan vill verifiera att det är du. Öppna länken och bekräfta, om det är du som står där:',
      link,
      `Länken gäller i ${LINK_MINUTES} minuter. Är det inte du? Gör ingenting.`,
      '',
      'Hello! Someone at the till wants to verify that it is you. Open the link and confirm, if it is you standing there:',
      link,
      `The link is valid for ${LINK_MINUTES} minutes. Not you? Do nothing.`,
    ].join('\n'),
  };
}
