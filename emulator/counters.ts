/** What the emulator saw, for tests that check how a client behaved (retries, request counts). */
export interface CounterSnapshot {
  /** `"METHOD /route/{template}"` → status (or `"dropped"`) → count. Control routes are not counted. */
  requests: Record<string, Record<string, number>>;
  /** Successful mutations through the API (including ones answered by a dropped connection). */
  writes: number;
  tokensIssued: number;
  connectionsOpened: number;
}

export class Counters {
  private data: CounterSnapshot = Counters.empty();

  private static empty(): CounterSnapshot {
    return { requests: {}, writes: 0, tokensIssued: 0, connectionsOpened: 0 };
  }

  recordRequest(routeKey: string, outcome: number | 'dropped'): void {
    const byStatus = (this.data.requests[routeKey] ??= {});
    byStatus[String(outcome)] = (byStatus[String(outcome)] ?? 0) + 1;
  }

  recordWrite(): void {
    this.data.writes++;
  }

  recordToken(): void {
    this.data.tokensIssued++;
  }

  recordConnection(): void {
    this.data.connectionsOpened++;
  }

  snapshot(): CounterSnapshot {
    return JSON.parse(JSON.stringify(this.data)) as CounterSnapshot;
  }

  reset(): void {
    this.data = Counters.empty();
  }
}
