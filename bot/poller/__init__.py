"""Background poller: reads every linked car's cached status, turns changes into alerts, sends them.

Layout: `events` (EventKind, Event), `alerts` (Alert, the Notifier seam, Delivery* outcomes),
`diff` + `step` + `rules` + `memory` (the pure diff), `audience` (per-user preferences),
`intervals` (when to poll next, back-off), `failures` (what a failed poll does), `tick`
(Poller.tick: one round of polls), `sender` (OutboxSender), `runtime` (PollerRuntime: the
background loops, started by the application factory).
"""
