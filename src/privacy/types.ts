// What the personal-data guard reports.
export type PersonalDataKind = 'nhs_number' | 'date_of_birth' | 'named_service_user' | 'home_address' | 'personal_email' | 'personal_phone';

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** Plain words for the message: "an NHS number". */
  what: string;
  /** The part of the text that matched (shortened, normalised). */
  excerpt: string;
  /** How to say the same thing without identifying anyone. */
  instead: string;
}

export interface GuardOptions {
  /** Today, for the "born <date>" rule (dates at least 10 years back). Without it every date near "born" counts. */
  now?: Date;
}
