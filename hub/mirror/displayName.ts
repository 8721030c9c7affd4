/** How a till greets a member: the first name and the last name's initial (`Anna S.`); null without a first name. */
export function memberDisplayName(firstName: string | null, lastName: string | null): string | null {
  if (firstName === null) return null;
  return lastName ? `${firstName} ${lastName.charAt(0)}.` : firstName;
}
