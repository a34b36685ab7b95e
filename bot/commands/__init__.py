"""The use cases of remote commands, with no Telegram in them.

Layout: `actions` (the one table of remote actions), `errors` (why a use case refused, as
data), `cars` (which car a user means), `clients` (one cloud client per stored account),
`accounts` (connecting an account), `status` (reading a car's status), `reads` (status reads
coalesced per car, with a deadline), `cooldown` (the one
cool-down between commands to a car), `runner` (send a command, follow it through, audit it,
report progress through a `ProgressReporter`), `comfort` (the climate preset, warm car in one
command, seat heat riding in climate), `capabilities` (each car's capability list, kept for
a day), `destination` (a place to the car's navigation), `requests` (the request a user
asked for, filled in and checked against the car).
"""
