/** Common Swedish first and last names for demo members (SCB's most frequent, roughly). */
export const SWEDISH_FIRST_NAMES: readonly string[] = [
  'Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Christina', 'Lena', 'Emma', 'Kerstin', 'Marie',
  'Malin', 'Ingrid', 'Jenny', 'Hanna', 'Linnéa', 'Elsa', 'Ebba', 'Astrid', 'Maja', 'Åsa',
  'Sofia', 'Ida', 'Frida', 'Elin', 'Johanna', 'Ulla', 'Birgitta', 'Agneta', 'Märta', 'Saga',
  'Lars', 'Mikael', 'Anders', 'Johan', 'Erik', 'Per', 'Karl', 'Peter', 'Thomas', 'Jan',
  'Daniel', 'Fredrik', 'Hans', 'Andreas', 'Stefan', 'Mohamed', 'Björn', 'Oskar', 'Nils', 'Gustav',
  'Olof', 'Axel', 'Lucas', 'Liam', 'William', 'Hugo', 'Elias', 'Göran', 'Sven', 'Åke',
];

export const SWEDISH_LAST_NAMES: readonly string[] = [
  'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson',
  'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Jönsson', 'Lindberg', 'Jakobsson', 'Magnusson', 'Olofsson',
  'Lindström', 'Lindqvist', 'Lindgren', 'Berg', 'Axelsson', 'Bergström', 'Lundberg', 'Lind', 'Lundgren', 'Lundqvist',
  'Mattsson', 'Berglund', 'Fredriksson', 'Sandberg', 'Henriksson', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Eklund',
  'Danielsson', 'Lundin', 'Håkansson', 'Björk', 'Bergman', 'Gunnarsson', 'Holm', 'Wikström', 'Samuelsson', 'Isaksson',
];

const ASCII: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', Å: 'a', Ä: 'a', Ö: 'o', É: 'e' };

/** Lower-case ASCII for an e-mail local part: "Linnéa Sjöberg" → "linnea", "sjoberg". */
export function asciiEmailPart(name: string): string {
  return name.replace(/[åäöéÅÄÖÉ]/g, (c) => ASCII[c] ?? c).toLowerCase();
}
