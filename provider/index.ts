// pulumi-branded-calling: Orange Branded Calling as code.
export { Customer, Carrier, Registration } from './dynamic/resources';
export type { CustomerArgs, CarrierArgs, RegistrationArgs, CarrierStatus } from './dynamic/resources';
export { Branding } from './dynamic/branding';
export type { BrandingArgs } from './dynamic/branding';
export { loadManifest, parseManifest, formatManifestError, describeManifestErrors } from './manifest/load';
export type { ManifestError, ManifestResult } from './manifest/load';
export { manifestSchema } from './manifest/schema';
export type { Manifest, ManifestCustomer, ManifestRegistration } from './manifest/schema';
export { customerInputsSchema } from './resources/customer';
export type { CustomerInputs } from './resources/customer';
export { carrierInputsSchema } from './resources/carrier';
export type { CarrierInputs } from './resources/carrier';
export { registrationInputsSchema } from './resources/registration';
export type { RegistrationInputs } from './resources/registration';
export { providerConfigSchema, DEFAULT_API_ROOT, DEFAULT_NAMESPACE } from './config';
export { ApiError, ConfigurationError, createApiClient, getApiClient } from './client';
export type { ApiClient, ClientSettings } from './client';
