import { customAlphabet } from 'nanoid';

// nanoid draws from crypto.getRandomValues, which (unlike randomUUID) also exists on
// plain-http LAN origins where browser participants run.
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const newId = customAlphabet(alphabet, 16);

/** Ids are what peers write into keys: bound them so hostile ids cannot bloat views. */
export const isPlausibleId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 64;
