import type { summaryEnglish } from './summaryEnglish';

/** The member screen's offers and purchase channels, in Swedish (spread into `swedish`). */
export const summarySwedish: Record<keyof typeof summaryEnglish, string> = {
  'member.offers': 'Erbjudanden',
  'member.offersNeedNetwork': 'Erbjudandena syns när kassan har kontakt med medlemsregistret.',
  'channel.store': 'Butik',
  'channel.web': 'Webb',
  'channel.app': 'App',
};
