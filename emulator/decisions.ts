import type { Store, RegistrationRecord, RegistrationCarrier } from './store';

export interface CarrierOutcome {
  status: 'active' | 'rejected';
  reason?: string;
}

export interface DecisionSettings {
  /** Time a carrier takes to decide; negative means never on its own (decide through the control API). */
  delayMs: number;
  /** Outcome per carrier code; carriers not listed accept. */
  outcomes: Record<string, CarrierOutcome>;
}

/**
 * Carriers decide on a registration asynchronously: each pending carrier is
 * decided `delayMs` after it was (re)sent to pending. The due time comes from
 * the stored `pendingSince`, so decisions still happen after a restart.
 */
export class DecisionScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private settings: DecisionSettings,
  ) {}

  configure(settings: Partial<DecisionSettings>): void {
    this.settings = { ...this.settings, ...settings };
    this.rescheduleAll();
  }

  current(): DecisionSettings {
    return { delayMs: this.settings.delayMs, outcomes: { ...this.settings.outcomes } };
  }

  rescheduleAll(): void {
    for (const registrationId of this.store.registrations.keys()) this.schedule(registrationId);
  }

  schedule(registrationId: string): void {
    this.cancel(registrationId);
    if (this.stopped || this.settings.delayMs < 0) return;
    const registration = this.store.registrations.get(registrationId);
    const pending = registration?.carriers.filter((c) => c.status === 'pending') ?? [];
    if (pending.length === 0) return;
    const due = Math.min(...pending.map((c) => this.dueTime(c)));
    const timer = setTimeout(() => this.decideDue(registrationId), Math.max(0, due - Date.now()));
    timer.unref();
    this.timers.set(registrationId, timer);
  }

  cancel(registrationId: string): void {
    const timer = this.timers.get(registrationId);
    if (timer) clearTimeout(timer);
    this.timers.delete(registrationId);
  }

  /** Decides one carrier now (control API); it need not be pending. */
  decide(registration: RegistrationRecord, carrierCode: string, outcome: CarrierOutcome): RegistrationRecord {
    const updated: RegistrationRecord = {
      ...registration,
      carriers: registration.carriers.map((c) => (c.carrierCode === carrierCode ? decided(c, outcome) : c)),
    };
    this.store.commit([{ op: 'putRegistration', value: updated }]);
    this.schedule(updated.registrationId);
    return updated;
  }

  stop(): void {
    this.stopped = true;
    for (const registrationId of [...this.timers.keys()]) this.cancel(registrationId);
  }

  private dueTime(carrier: RegistrationCarrier): number {
    return Date.parse(carrier.pendingSince) + this.settings.delayMs;
  }

  private decideDue(registrationId: string): void {
    this.timers.delete(registrationId);
    const registration = this.store.registrations.get(registrationId);
    if (!registration || this.stopped) return;
    const now = Date.now();
    let changed = false;
    const carriers = registration.carriers.map((c) => {
      if (c.status !== 'pending' || this.dueTime(c) > now) return c;
      changed = true;
      return decided(c, this.settings.outcomes[c.carrierCode] ?? { status: 'active' });
    });
    if (changed) {
      this.store.commit([{ op: 'putRegistration', value: { ...registration, carriers } }]);
    }
    this.schedule(registrationId);
  }
}

function decided(carrier: RegistrationCarrier, outcome: CarrierOutcome): RegistrationCarrier {
  const next: RegistrationCarrier = { carrierCode: carrier.carrierCode, status: outcome.status, pendingSince: carrier.pendingSince };
  if (outcome.status === 'rejected') next.reason = outcome.reason ?? 'Rejected by the carrier.';
  return next;
}
