/** The member screen's offers and purchase channels, in English (spread into `english`). */
export const summaryEnglish = {
  'member.offers': 'Offers',
  'member.offersNeedNetwork': 'Offers show when the till can reach the member register.',
  'channel.store': 'Store',
  'channel.web': 'Web',
  'channel.app': 'App',
} as const;
