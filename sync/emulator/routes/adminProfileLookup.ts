import type { CrmParts } from '../crmParts';
import { problemReply } from '../http/replies';
import type { Reply } from '../http/routeTable';
import type { Missing } from '../store/crmProfiles';
import { profileIdOf, seqOfProfileId } from '../store/profileIds';

/** 404 problems that say why a profile is not there (erased, merged into another, never existed). */
export function missingProfileReply(missing: Missing): Reply {
  switch (missing.missing) {
    case 'erased':
      return problemReply(404, 'profile_erased', 'this profile was erased');
    case 'merged':
      return problemReply(404, 'profile_merged', 'this profile was merged into another', { into: profileIdOf(missing.intoSeq) });
    case 'not_found':
      return problemReply(404, 'not_found', 'no such profile');
  }
}

/** The row number of a live profile named in a path, or the 404 to answer. */
export function liveProfileSeq(parts: CrmParts, id: string | undefined): { seq: number } | { reply: Reply } {
  const seq = id === undefined ? null : seqOfProfileId(id);
  if (seq === null) return { reply: problemReply(404, 'not_found', 'no such profile') };
  const missing = parts.profiles.missing(seq);
  return missing ? { reply: missingProfileReply(missing) } : { seq };
}
