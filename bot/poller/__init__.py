"""Background poller: reads every linked car's cached status, turns changes into alerts, sends them.

Layout: `events` (EventKind, Event), `notifier` (Alert, Notifier, Delivery* outcomes), `diff` +
`rules` + `memory` (the pure diff), `audience` (per-user preferences), `intervals` (schedule and
back-off), `failures`, `service` (Poller.tick), `sender` (OutboxSender), `schedule`
(PollerRuntime, started from PTB's post_init).
"""
