// The typed map of domain events: event name -> payload. Modules add their events by declaration
// merging, next to the code that emits them:
//   declare module '../../kernel/events/event-map.ts' { interface EventMap { 'case.opened': { caseId: string } } }
// Payloads carry ids and facts, never personal data (events are kept and relayed widely).

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventMap {}

// Until a module declares an event, this is `never` (nothing can be published).
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
export type EventName = keyof EventMap & string;

export interface DomainEvent<K extends EventName = EventName> {
  id: string;
  name: K;
  payload: EventMap[K];
  occurredAt: Date;
  actor: { kind: string; id: string | null };
  requestId: string | null;
  traceId: string | null;
}
