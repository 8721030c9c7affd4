import { randomUUID } from 'node:crypto';

/** A contact as Voyado Engage v2 answers it (`GET /api/v2/contacts/{id}`). */
export interface StandInContact {
  id: string;
  contactType: string;
  attributes: {
    firstName?: string | null;
    lastName?: string | null;
    email?: string | null;
    mobilePhone?: string | null;
    memberNumber?: string | null;
    countryCode?: string | null;
    [name: string]: unknown;
  };
  preferences: { acceptsEmail: boolean; acceptsSms: boolean; acceptsPostal: boolean };
  consents: { id: string; value: boolean; date: string; source: string; comment: string | null }[];
}

interface Stored {
  contact: StandInContact;
  createdAt: number;
  updatedAt: number;
  source: string | null;
  storeExternalId: string | null;
}

export type ChangeType = 'Created' | 'Updated' | 'Deleted';

/** The contacts of the stand-in tenant, with the times the changes endpoint answers from. */
export class StandInContacts {
  private readonly byId = new Map<string, Stored>();
  private readonly deleted = new Map<string, number>();
  /** Contact types the tenant has configured; any other is InvalidContactType. */
  readonly contactTypes = new Set(['Member', 'Contact']);
  /** Consent ids the tenant has set up (Voyado does this per tenant); a contact update naming another is refused. */
  readonly consentDefinitions = new Set(['terms', 'memberTerms']);

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StandInContact | null {
    return this.byId.get(id.toLowerCase())?.contact ?? null;
  }

  /** Where a contact was created (the `source` and `storeExternalId` of its POST). */
  origin(id: string): { source: string | null; storeExternalId: string | null } | null {
    const s = this.byId.get(id.toLowerCase());
    return s ? { source: s.source, storeExternalId: s.storeExternalId } : null;
  }

  /** Adds a contact as the tenant's own staff or a test would (no request): answers it. */
  add(attributes: StandInContact['attributes'], options: { contactType?: string; id?: string; at?: number; source?: string | null; storeExternalId?: string | null } = {}): StandInContact {
    const at = options.at ?? this.now();
    const contact: StandInContact = {
      id: options.id ?? randomUUID(),
      contactType: options.contactType ?? 'Member',
      attributes: { firstName: null, lastName: null, email: null, mobilePhone: null, memberNumber: null, countryCode: 'SE', ...attributes },
      preferences: { acceptsEmail: false, acceptsSms: false, acceptsPostal: false },
      consents: [],
    };
    this.byId.set(contact.id, { contact, createdAt: at, updatedAt: at, source: options.source ?? null, storeExternalId: options.storeExternalId ?? null });
    return contact;
  }

  /** Changes attributes, preferences or consents of a contact; its Updated time moves. */
  update(id: string, change: (contact: StandInContact) => void): StandInContact | null {
    const s = this.byId.get(id.toLowerCase());
    if (!s) return null;
    change(s.contact);
    s.updatedAt = this.now();
    return s.contact;
  }

  delete(id: string): boolean {
    const key = id.toLowerCase();
    if (!this.byId.delete(key)) return false;
    this.deleted.set(key, this.now());
    return true;
  }

  /** Contacts whose attribute equals the value (e-mail case-insensitively), of one contact type if given. */
  match(attribute: 'email' | 'mobilePhone' | 'memberNumber' | 'socialSecurityNumber', value: string, contactType?: string): StandInContact[] {
    const wanted = attribute === 'email' ? value.toLowerCase() : value;
    const found: StandInContact[] = [];
    for (const { contact } of this.byId.values()) {
      if (contactType !== undefined && contact.contactType.toLowerCase() !== contactType.toLowerCase()) continue;
      const held = contact.attributes[attribute];
      if (typeof held !== 'string') continue;
      if ((attribute === 'email' ? held.toLowerCase() : held) === wanted) found.push(contact);
    }
    return found;
  }

  /** Ids changed in [from, to] (inclusive), in the order of their change. */
  changes(type: ChangeType, from: number, to: number): string[] {
    const hits: [number, string][] = [];
    if (type === 'Deleted') {
      for (const [id, at] of this.deleted) if (at >= from && at <= to) hits.push([at, id]);
    } else {
      for (const s of this.byId.values()) {
        const at = type === 'Created' ? s.createdAt : s.updatedAt;
        if (at >= from && at <= to && (type === 'Created' || s.updatedAt > s.createdAt)) hits.push([at, s.contact.id]);
      }
    }
    return hits.sort((a, b) => a[0] - b[0]).map(([, id]) => id);
  }
}
