/**
 * The one table of scopes: which scope a token needs for each operation.
 * Registration scopes are CAMARA's; the onboarding ones are this project's
 * choice (Orange publishes none). A client configured without `scopes` gets
 * all of them.
 */
export const OPERATION_SCOPES = {
  createCustomer: 'branded-calling:customers:write',
  listCustomers: 'branded-calling:customers:read',
  readCustomer: 'branded-calling:customers:read',
  replaceCustomer: 'branded-calling:customers:write',
  deleteCustomer: 'branded-calling:customers:write',
  addCarrier: 'branded-calling:carriers:write',
  listCarriers: 'branded-calling:carriers:read',
  readCarrier: 'branded-calling:carriers:read',
  removeCarrier: 'branded-calling:carriers:write',
  createRegistration: 'brand-registration:create',
  listRegistrations: 'brand-registration:read',
  readRegistration: 'brand-registration:read',
  updateRegistration: 'brand-registration:update',
  deleteRegistration: 'brand-registration:delete',
} as const;

export type Operation = keyof typeof OPERATION_SCOPES;

export const ALL_SCOPES: readonly string[] = [...new Set(Object.values(OPERATION_SCOPES))].sort();
