import crypto from 'node:crypto';
import type { EmulatorCore, RequestContext, Route } from '../context';
import { conflict, notFound, serviceNotApplicable } from '../http';
import { carrierBodySchema, customerBodySchema } from '../schemas';
import { carrierKey, type CarrierRecord, type CustomerRecord } from '../store';
import { assertValid } from '../validation';
import { carrierView, customerView } from '../views';

export const ONBOARDING_BASE = '/branded-calling/v0.1';

interface CustomerBody {
  company: Record<string, unknown> & { countryOfRegistration: string; registrationNumber: string };
  brand: Record<string, unknown>;
}

const byCreation = <T extends { createdAt: string }>(a: T, b: T) => a.createdAt.localeCompare(b.createdAt);

/** Customers and their carriers (Orange's onboarding API). */
export function onboardingRoutes(emu: EmulatorCore): Route[] {
  const { store } = emu;

  function findCustomer(ctx: RequestContext): CustomerRecord {
    const customer = store.customerOf(ctx.caller.account, ctx.params.customerId);
    if (!customer) throw notFound(`Customer ${ctx.params.customerId} is not found.`);
    return customer;
  }

  /** One customer per (countryOfRegistration, registrationNumber) per account. */
  function assertUniqueCompany(account: string, body: CustomerBody, exceptId?: string): void {
    const clash = store
      .customersOf(account)
      .find(
        (c) =>
          c.customerId !== exceptId &&
          c.company.countryOfRegistration === body.company.countryOfRegistration &&
          c.company.registrationNumber === body.company.registrationNumber,
      );
    if (clash) {
      throw conflict(
        `Customer ${clash.customerId} already has registration number ${body.company.registrationNumber} in ${body.company.countryOfRegistration}.`,
      );
    }
  }

  function findCarrier(ctx: RequestContext, customer: CustomerRecord): CarrierRecord {
    const carrier = store.carriers.get(carrierKey(customer.customerId, ctx.params.carrierCode));
    if (!carrier) throw notFound(`Carrier ${ctx.params.carrierCode} is not declared for customer ${customer.customerId}.`);
    return carrier;
  }

  return [
    {
      method: 'POST',
      template: `${ONBOARDING_BASE}/customers`,
      access: { kind: 'api', operation: 'createCustomer' },
      body: 'json',
      mutates: true,
      handle(ctx) {
        const body = assertValid<CustomerBody>(ctx.body, customerBodySchema);
        assertUniqueCompany(ctx.caller.account, body);
        const now = new Date().toISOString();
        const customer: CustomerRecord = {
          account: ctx.caller.account,
          customerId: crypto.randomUUID(),
          company: body.company,
          brand: body.brand,
          createdAt: now,
          updatedAt: now,
        };
        store.commit([{ op: 'putCustomer', value: customer }]);
        return { status: 201, body: customerView(customer) };
      },
    },
    {
      method: 'GET',
      template: `${ONBOARDING_BASE}/customers`,
      access: { kind: 'api', operation: 'listCustomers' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        return { status: 200, body: { customers: store.customersOf(ctx.caller.account).sort(byCreation).map(customerView) } };
      },
    },
    {
      method: 'GET',
      template: `${ONBOARDING_BASE}/customers/{customerId}`,
      access: { kind: 'api', operation: 'readCustomer' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        return { status: 200, body: customerView(findCustomer(ctx)) };
      },
    },
    {
      method: 'PUT',
      template: `${ONBOARDING_BASE}/customers/{customerId}`,
      access: { kind: 'api', operation: 'replaceCustomer' },
      body: 'json',
      mutates: true,
      handle(ctx) {
        const existing = findCustomer(ctx);
        const body = assertValid<CustomerBody>(ctx.body, customerBodySchema);
        assertUniqueCompany(ctx.caller.account, body, existing.customerId);
        const customer: CustomerRecord = { ...existing, company: body.company, brand: body.brand, updatedAt: new Date().toISOString() };
        store.commit([{ op: 'putCustomer', value: customer }]);
        return { status: 200, body: customerView(customer) };
      },
    },
    {
      method: 'DELETE',
      template: `${ONBOARDING_BASE}/customers/{customerId}`,
      access: { kind: 'api', operation: 'deleteCustomer' },
      body: 'none',
      mutates: true,
      handle(ctx) {
        const customer = findCustomer(ctx);
        const carriers = store.carriersOfCustomer(customer.customerId);
        if (carriers.length > 0) {
          throw conflict(`Customer ${customer.customerId} still has carriers: ${carriers.map((c) => c.carrierCode).join(', ')}.`);
        }
        const registrations = store.registrationsOf(ctx.caller.account).filter((r) => r.fields.customerId === customer.customerId);
        if (registrations.length > 0) throw conflict(`Customer ${customer.customerId} still has ${registrations.length} registration(s).`);
        store.commit([{ op: 'deleteCustomer', customerId: customer.customerId }]);
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      template: `${ONBOARDING_BASE}/customers/{customerId}/carriers`,
      access: { kind: 'api', operation: 'addCarrier' },
      body: 'json',
      mutates: true,
      handle(ctx) {
        const customer = findCustomer(ctx);
        const { carrierCode } = assertValid<{ carrierCode: string }>(ctx.body, carrierBodySchema);
        // Well-formed but unknown to this platform: the request is understood, the service does not apply.
        if (!(carrierCode in emu.settings.knownCarriers)) {
          throw serviceNotApplicable(
            `Carrier ${carrierCode} is not known; known carriers: ${Object.keys(emu.settings.knownCarriers).join(', ')}.`,
          );
        }
        if (store.carriers.has(carrierKey(customer.customerId, carrierCode))) {
          throw conflict(`Carrier ${carrierCode} is already declared for customer ${customer.customerId}.`);
        }
        const carrier: CarrierRecord = {
          account: ctx.caller.account,
          customerId: customer.customerId,
          carrierCode,
          status: 'active',
          createdAt: new Date().toISOString(),
        };
        store.commit([{ op: 'putCarrier', value: carrier }]);
        return { status: 201, body: carrierView(carrier) };
      },
    },
    {
      method: 'GET',
      template: `${ONBOARDING_BASE}/customers/{customerId}/carriers`,
      access: { kind: 'api', operation: 'listCarriers' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        const customer = findCustomer(ctx);
        return { status: 200, body: { carriers: store.carriersOfCustomer(customer.customerId).sort(byCreation).map(carrierView) } };
      },
    },
    {
      method: 'GET',
      template: `${ONBOARDING_BASE}/customers/{customerId}/carriers/{carrierCode}`,
      access: { kind: 'api', operation: 'readCarrier' },
      body: 'none',
      mutates: false,
      handle(ctx) {
        return { status: 200, body: carrierView(findCarrier(ctx, findCustomer(ctx))) };
      },
    },
    {
      method: 'DELETE',
      template: `${ONBOARDING_BASE}/customers/{customerId}/carriers/{carrierCode}`,
      access: { kind: 'api', operation: 'removeCarrier' },
      body: 'none',
      mutates: true,
      handle(ctx) {
        const customer = findCustomer(ctx);
        const carrier = findCarrier(ctx, customer);
        const targeting = store
          .registrationsOf(ctx.caller.account)
          .filter((r) => r.fields.customerId === customer.customerId && r.carriers.some((c) => c.carrierCode === carrier.carrierCode));
        if (targeting.length > 0) {
          throw conflict(`Carrier ${carrier.carrierCode} is targeted by registration(s) ${targeting.map((r) => r.registrationId).join(', ')}.`);
        }
        store.commit([{ op: 'deleteCarrier', customerId: customer.customerId, carrierCode: carrier.carrierCode }]);
        return { status: 204 };
      },
    },
  ];
}
