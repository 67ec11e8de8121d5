/**
 * The API's records and bodies, with the API's own field names. Structural and
 * permissive: the server may add fields, and extra keys pass through untouched.
 */

export interface Contact {
  name: string;
  role?: string;
  title?: string;
  email?: string;
  phoneNumber?: string;
  [key: string]: unknown;
}

export interface CompanyAddress {
  streetNumber?: string;
  street?: string;
  zipCode?: string;
  city?: string;
  [key: string]: unknown;
}

export interface Company {
  legalName: string;
  countryOfRegistration: string;
  registrationNumber: string;
  corporateWebsite?: string;
  dunsNumber?: string;
  legalForm?: string;
  industry?: string;
  address?: CompanyAddress;
  employeeCount?: number;
  contact?: Contact;
  [key: string]: unknown;
}

export interface Brand {
  name: string;
  tradingWebsite?: string;
  callPurpose?: string;
  contact?: Contact;
  [key: string]: unknown;
}

/** `POST /customers` and `PUT /customers/{customerId}`. */
export interface CustomerBody {
  company: Company;
  brand: Brand;
  [key: string]: unknown;
}

export interface CustomerRecord extends CustomerBody {
  customerId: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface CarrierRecord {
  carrierCode: string;
  status?: string;
  createdAt?: string;
  [key: string]: unknown;
}

export interface SinkCredential {
  credentialType: string;
  accessToken?: string;
  accessTokenExpiresUtc?: string;
  accessTokenType?: string;
  [key: string]: unknown;
}

/** `POST /registrations` and `PUT /registrations/{registrationId}` (0.1 fields, then 0.2 ones). */
export interface RegistrationBody {
  phoneNumber: string;
  phoneNumberAlternate?: string;
  displayName: string;
  customerId: string;
  verifyCallerAction?: 'BLOCK_UNVERIFIED' | 'DO_NOT_BRAND' | string;
  terminatingCountryCode?: number;
  campaignName?: string;
  /** Orange extension: which of the customer's carriers to target (all when absent). */
  carrierCodes?: string[];
  // 0.2
  expiresAt?: string;
  displayAsset?: string;
  callPurpose?: string;
  sink?: string;
  /** Write-only: never returned. */
  sinkCredential?: SinkCredential;
  [key: string]: unknown;
}

export interface RegistrationCarrierStatus {
  carrierCode: string;
  status: 'pending' | 'active' | 'rejected' | string;
  reason?: string;
  [key: string]: unknown;
}

export interface RegistrationRecord extends Omit<RegistrationBody, 'carrierCodes' | 'sinkCredential'> {
  registrationId: string;
  status: 'pending' | 'active' | 'inactive' | 'expired' | string;
  carriers: RegistrationCarrierStatus[];
  quota?: number;
  quotaThreshold?: number;
  createdAt?: string;
  updatedAt?: string;
}

export type RegistrationApiVersion = 'v0.1' | 'v0.2';
