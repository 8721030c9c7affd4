/** The member screen's offers and purchase channels, in English (spread into `english`). */
export const summaryEnglish = {
  'member.offers': 'Offers',
  'member.offersNeedNetwork': 'Shown when the till is online.',
  'channel.store': 'Store',
  'channel.web': 'Web',
  'channel.app': 'App',
} as const;
