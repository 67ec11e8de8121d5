import { Journal } from './journal';

/** Records as stored: every record carries the account that owns it. */
export interface CustomerRecord {
  account: string;
  customerId: string;
  company: Record<string, unknown>;
  brand: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface CarrierRecord {
  account: string;
  customerId: string;
  carrierCode: string;
  status: 'active';
  createdAt: string;
}

export type CarrierDecisionStatus = 'pending' | 'active' | 'rejected';

export interface RegistrationCarrier {
  carrierCode: string;
  status: CarrierDecisionStatus;
  reason?: string;
  /** When it was (re)sent to pending: the decision timer counts from here, across restarts. */
  pendingSince: string;
}

/** A fingerprint of the sink credential: the secret itself is never stored. */
export interface StoredSinkCredential {
  credentialType: string;
  accessTokenType?: string;
  accessTokenExpiresUtc?: string;
  accessTokenSha256?: string;
}

export interface RegistrationRecord {
  account: string;
  registrationId: string;
  /** The client's fields (0.1 and 0.2 sets), terminatingCountryCode filled in. */
  fields: Record<string, unknown>;
  sinkCredential?: StoredSinkCredential;
  carriers: RegistrationCarrier[];
  quota: number;
  quotaThreshold: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoreState {
  customers: CustomerRecord[];
  carriers: CarrierRecord[];
  registrations: RegistrationRecord[];
}

export type StoreOp =
  | { op: 'putCustomer'; value: CustomerRecord }
  | { op: 'deleteCustomer'; customerId: string }
  | { op: 'putCarrier'; value: CarrierRecord }
  | { op: 'deleteCarrier'; customerId: string; carrierCode: string }
  | { op: 'putRegistration'; value: RegistrationRecord }
  | { op: 'deleteRegistration'; registrationId: string }
  | { op: 'reset' };

export const carrierKey = (customerId: string, carrierCode: string) => `${customerId}/${carrierCode}`;

/**
 * All objects of all accounts, in memory, with every change going through
 * `commit`: journaled (when a data dir is set) before it is applied, so an
 * answered write is on disk.
 */
export class Store {
  readonly customers = new Map<string, CustomerRecord>();
  readonly carriers = new Map<string, CarrierRecord>();
  readonly registrations = new Map<string, RegistrationRecord>();
  private writesSinceCompaction = 0;

  private constructor(
    private readonly journal: Journal<StoreState, StoreOp> | null,
    private readonly compactEvery: number,
  ) {}

  static open(dataDir: string | undefined, compactEvery = 1000): Store {
    if (!dataDir) return new Store(null, compactEvery);
    const { journal, contents } = Journal.open<StoreState, StoreOp>(dataDir);
    const store = new Store(journal, compactEvery);
    if (contents.snapshot) store.load(contents.snapshot);
    for (const entry of contents.entries) entry.ops.forEach((op) => store.apply(op));
    // Start each run from a fresh snapshot: replay stays short.
    journal.compact(store.state());
    return store;
  }

  commit(ops: StoreOp[]): void {
    this.journal?.append(ops);
    ops.forEach((op) => this.apply(op));
    if (this.journal && ++this.writesSinceCompaction >= this.compactEvery) {
      this.journal.compact(this.state());
      this.writesSinceCompaction = 0;
    }
  }

  state(): StoreState {
    return {
      customers: [...this.customers.values()],
      carriers: [...this.carriers.values()],
      registrations: [...this.registrations.values()],
    };
  }

  close(): void {
    if (!this.journal) return;
    this.journal.compact(this.state());
    this.journal.close();
  }

  customersOf(account: string): CustomerRecord[] {
    return [...this.customers.values()].filter((c) => c.account === account);
  }

  customerOf(account: string, customerId: string): CustomerRecord | undefined {
    const customer = this.customers.get(customerId);
    return customer?.account === account ? customer : undefined;
  }

  carriersOfCustomer(customerId: string): CarrierRecord[] {
    return [...this.carriers.values()].filter((c) => c.customerId === customerId);
  }

  registrationsOf(account: string): RegistrationRecord[] {
    return [...this.registrations.values()].filter((r) => r.account === account);
  }

  registrationOf(account: string, registrationId: string): RegistrationRecord | undefined {
    const registration = this.registrations.get(registrationId);
    return registration?.account === account ? registration : undefined;
  }

  private load(state: StoreState): void {
    for (const c of state.customers) this.customers.set(c.customerId, c);
    for (const c of state.carriers) this.carriers.set(carrierKey(c.customerId, c.carrierCode), c);
    for (const r of state.registrations) this.registrations.set(r.registrationId, r);
  }

  private apply(op: StoreOp): void {
    switch (op.op) {
      case 'putCustomer':
        this.customers.set(op.value.customerId, op.value);
        return;
      case 'deleteCustomer':
        this.customers.delete(op.customerId);
        return;
      case 'putCarrier':
        this.carriers.set(carrierKey(op.value.customerId, op.value.carrierCode), op.value);
        return;
      case 'deleteCarrier':
        this.carriers.delete(carrierKey(op.customerId, op.carrierCode));
        return;
      case 'putRegistration':
        this.registrations.set(op.value.registrationId, op.value);
        return;
      case 'deleteRegistration':
        this.registrations.delete(op.registrationId);
        return;
      case 'reset':
        this.customers.clear();
        this.carriers.clear();
        this.registrations.clear();
        return;
    }
  }
}
