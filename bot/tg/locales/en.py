"""English message catalogue. Templates are HTML; `{name}` fields are filled by `i18n.t`."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- access -------------------------------------------------------------------------
    "gate.stranger": (
        "This bot is private. Ask the owner to add you; your Telegram id is <code>{user_id}</code>."
    ),
    "gate.stranger_short": "This bot is private. Your Telegram id is {user_id}.",
    "admin.only": "Only an admin can do that.",
    "admin.allow.usage": (
        "Usage: /allow &lt;user id&gt; [name], e.g. <code>/allow 123456789 Anna</code>"
    ),
    "admin.allow.done": "{name} (<code>{user_id}</code>) may now use the bot.",
    "admin.allow.welcome": "You may now use this bot. Send /help to see what it can do.",
    "admin.deny.usage": "Usage: /deny &lt;user id&gt;, e.g. <code>/deny 123456789</code>",
    "admin.deny.done": (
        "<code>{user_id}</code> can no longer use the bot; their stored Smart credentials "
        "were deleted."
    ),
    "admin.deny.env_admin": (
        "<code>{user_id}</code> is an admin from ADMIN_USER_IDS; remove them there instead."
    ),
    "admin.deny.unknown": "<code>{user_id}</code> was not allowed anyway.",
    "admin.users.header": "<b>Allowed users</b>",
    "admin.users.line": "• <code>{user_id}</code> {name} – {role}{inactive}",
    "admin.users.inactive": " (blocked the bot)",
    "admin.users.empty": "Nobody except the admins from ADMIN_USER_IDS.",
    "role.admin": "admin",
    "role.user": "user",
    # --- menu (set_my_commands; plain text, at most 256 characters) -----------------------
    "menu.status": "The car at a glance",
    "menu.lock": "Lock the car",
    "menu.unlock": "Unlock the car (asks first)",
    "menu.climate": "Climate: /climate 22 or /climate off",
    "menu.charge": "Charging: start, stop, limit 80",
    "menu.location": "Where the car is",
    "menu.cars": "Your cars and the default",
    "menu.history": "Last commands",
    "menu.alerts": "Alert settings",
    "menu.mute": "Silence alerts for a while",
    "menu.login": "Connect your Smart account",
    "menu.logout": "Forget your Smart account",
    "menu.language": "English or German",
    "menu.help": "All commands",
    # --- start / help / language --------------------------------------------------------
    "start.welcome": (
        "Hello {name}! I control and watch your smart #1, #3 or #5.\n"
        "Start with /login to connect your Smart account, then try /status.\n"
        "/help lists every command."
    ),
    "help.text": (
        "<b>Account</b>\n"
        "/login – connect a Smart account\n"
        "/logout – forget it\n"
        "/cars – your cars, pick the default\n"
        "/language – English or German\n"
        "\n<b>Reading</b>\n"
        "/status [car] – the car at a glance\n"
        "/location [car] – where it is\n"
        "/history – the last commands"
    ),
    "help.admin": (
        "\n\n<b>Admin</b>\n/allow &lt;id&gt; [name], /deny &lt;id&gt;, /users\n"
        "/share &lt;user id&gt; [car], /unshare &lt;user id&gt; [car]"
    ),
    "help.owner": (
        "\n\n<b>Sharing</b>\n/share &lt;user id&gt; [car], /unshare &lt;user id&gt; [car]"
    ),
    "language.choose": "Choose your language:",
    "language.set": "I will speak English with you from now on.",
    "unknown.command": "I do not know that command. /help lists what I can do.",
    "unknown.text": "Send a command, for example /status. /help lists them all.",
    # --- cars ---------------------------------------------------------------------------
    "cars.header": "<b>Your cars</b>",
    "cars.line": "{marker} <b>{name}</b> – smart {model}{plate}{shared}",
    "cars.plate": ", {plate}",
    "cars.shared": " (shared by {owner})",
    "cars.pick": "Tap a car to make it your default.",
    "cars.none": "No cars yet. Connect your Smart account with /login.",
    "cars.default_set": "<b>{name}</b> is now your default car.",
    "car.unknown": "I do not know a car called “{query}”. Your cars: {names}. Example: {example}",
    "car.ambiguous": "“{query}” matches several cars: {names}. Use the full name or the plate.",
    "car.several": (
        "You have several cars and no default. Add a name, e.g. {example}, or pick one with /cars."
    ),
    "car.gone": "That car is no longer available to you.",
    "car.unsupported": "The smart {model} has no such function ({action}).",
    # --- login --------------------------------------------------------------------------
    "login.region_ask": (
        "Which Smart cloud does your account use?\n"
        "<b>Europe</b> for the Hello Smart app in Europe, <b>International</b> for Israel, "
        "Australia, Singapore and others.\n/cancel to stop."
    ),
    "login.region.EU": "Europe",
    "login.region.INTL": "International",
    "login.advice": (
        "Tip: the Smart cloud allows one active login per account, so logging in here may "
        "sign you out of the app. Best use a <b>second Smart account</b> that you share the "
        "car with through the digital key in the app."
    ),
    "login.email_ask": "Your Smart account e-mail address? /cancel to stop.",
    "login.email_invalid": "That does not look like an e-mail address. Example: anna@example.com",
    "login.password_ask": (
        "Now your Smart password. I delete your message right away and store the password "
        "only encrypted. /cancel to stop."
    ),
    "login.delete_failed": (
        "I could not delete your password message. Please delete it yourself now."
    ),
    "login.checking": "Logging in to the Smart cloud…",
    "login.ok": "Logged in. I found {count} car(s):\n{cars}",
    "login.ok_line": "• {name} – smart {model}{plate}",
    "login.pick_default": "Which car should be your default?",
    "login.no_cars": (
        "Logged in, but this account has no cars. Share the car with it in the app, "
        "then /login again."
    ),
    "login.wrong_password": (
        "The Smart cloud refused the e-mail or password. Check them and try /login again."
    ),
    "login.blocked": (
        "The Smart cloud is blocking logins from here for now. Please try again in {wait}."
    ),
    "login.outage": "The Smart cloud is not reachable right now. Please try /login again later.",
    "login.timeout": "The login timed out after 5 minutes. Send /login to start again.",
    "login.cancelled": "Login cancelled. Nothing was stored.",
    "login.nothing_to_cancel": "There is nothing to cancel.",
    "login.stale_button": "This login was finished or has expired. Send /login to start again.",
    "logout.confirm": (
        "Forget your Smart account and its {count} car(s)? Cars you shared stop working for "
        "the people you shared them with."
    ),
    "logout.done": "Done: your Smart credentials and cars are deleted.",
    "logout.none": "You are not logged in.",
    # --- status card --------------------------------------------------------------------
    "status.title": "<b>{name}</b> · smart {model}",
    "status.battery": "🔋 {percent} %",
    "status.range": " · {km} km",
    "status.charging": "⚡ Charging{details}{target}",
    "status.charging.power": " at {kw} kW",
    "status.charging.eta": ", full in {duration}",
    "status.charging.target": ", target {percent} %",
    "status.plugged": "🔌 Plugged in, not charging",
    "status.unplugged": "🔌 Not plugged in",
    "status.locked": "🔒 Locked",
    "status.unlocked": "🔓 <b>Unlocked</b>",
    "status.lock_unknown": "🔒 Lock state unknown",
    "status.open": "🚪 Open: {parts}",
    "status.closed": "🚪 Doors, trunk and windows closed",
    "status.climate_on": "❄️ Climate on",
    "status.climate_off": "❄️ Climate off",
    "status.temps": "🌡 Inside {inside} · outside {outside}",
    "status.temp": "{value} °C",
    "status.tyres": "🛞 {values} bar",
    "status.tyres_low": "⚠️ Check tyre pressure",
    "status.odometer": "🛣 {km} km",
    "status.aux": "🔋 12 V: {volts} V",
    "status.aux_low": "⚠️ 12 V battery low: {volts} V",
    "status.age": "🕒 Data from {age}",
    "status.age_unknown": "🕒 Data age unknown",
    "status.unknown": "?",
    "part.driver": "driver door",
    "part.passenger": "passenger door",
    "part.driver_rear": "rear left door",
    "part.passenger_rear": "rear right door",
    "part.trunk": "trunk",
    "part.hood": "bonnet",
    "part.sunroof": "sunroof",
    "part.windows": "windows ({names})",
    "part.window.driver": "driver",
    "part.window.passenger": "passenger",
    "part.window.driver_rear": "rear left",
    "part.window.passenger_rear": "rear right",
    "tyre.front": "front",
    "tyre.rear": "rear",
    "tyre.driver": "driver",
    "tyre.passenger": "passenger",
    "tyre.driver_rear": "rear driver side",
    "tyre.passenger_rear": "rear passenger side",
    "age.now": "just now",
    "age.seconds": "{n} s ago",
    "age.minutes": "{n} min ago",
    "age.hours": "{n} h ago",
    "age.days": "{n} days ago",
    "duration.minutes": "{n} min",
    "duration.hours": "{h} h {m} min",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} min",
    # --- buttons ------------------------------------------------------------------------
    "btn.lock": "🔒 Lock",
    "btn.unlock": "🔓 Unlock",
    "btn.climate_on": "❄️ Climate on",
    "btn.climate_off": "❄️ Climate off",
    "btn.charge_start": "⚡ Start charging",
    "btn.charge_stop": "⚡ Stop charging",
    "btn.location": "📍 Location",
    "btn.refresh": "🔄 Refresh",
    "btn.status": "📋 Status",
    "btn.mute_hour": "🔕 Mute 1 h",
    "btn.confirm": "✅ Yes, do it",
    "btn.cancel": "✖️ Cancel",
    "btn.default": "⭐ {name}",
    "btn.on": "✅ {label}",
    "btn.off": "⬜ {label}",
    # --- location -----------------------------------------------------------------------
    "location.none": (
        "{name} has not reported a position (yet). The car sends it when it is parked with "
        "location sharing on."
    ),
    "location.caption": "📍 {name}: position from {age}",
    # --- remote commands ----------------------------------------------------------------
    "progress.lock": "Locking {name}…",
    "progress.unlock": "Unlocking {name}…",
    "progress.climate_on": "Starting the climate in {name} at {temp} °C{duration}…",
    "progress.for_minutes": " for {n} min",
    "progress.climate_off": "Stopping the climate in {name}…",
    "progress.defrost_on": "Starting the defroster in {name}…",
    "progress.defrost_off": "Stopping the defroster in {name}…",
    "progress.seat_heat": "Setting {seat} heating in {name} to level {level}…",
    "progress.seat_vent": "Setting seat ventilation in {name} to level {level}…",
    "progress.horn": "Honking {name}…",
    "progress.flash": "Flashing the lights of {name}…",
    "progress.find": "Honking and flashing {name}…",
    "progress.windows_close": "Closing the windows of {name}…",
    "progress.windows_vent": "Opening the windows of {name} to vent…",
    "progress.sunshade_open": "Opening the sunshade of {name}…",
    "progress.sunshade_close": "Closing the sunshade of {name}…",
    "progress.trunk_lock": "Locking the trunk of {name}…",
    "progress.trunk_unlock": "Unlocking the trunk of {name}…",
    "progress.charge_start": "Starting to charge {name}…",
    "progress.charge_stop": "Stopping the charging of {name}…",
    "progress.charge_limit": "Setting the charge limit of {name} to {percent} %…",
    "progress.chargelid_open": "Opening the charge lid of {name}…",
    "progress.chargelid_close": "Closing the charge lid of {name}…",
    "progress.fridge_on": "Switching the fridge of {name} on…",
    "progress.fridge_off": "Switching the fridge of {name} off…",
    "progress.fragrance_on": "Switching the fragrance of {name} on…",
    "progress.fragrance_off": "Switching the fragrance of {name} off…",
    "progress.tracking_on": "Switching trip tracking of {name} on…",
    "progress.tracking_off": "Switching trip tracking of {name} off…",
    "progress.locker_lock": "Locking the locker of {name}…",
    "progress.locker_unlock": "Unlocking the locker of {name}…",
    "outcome.confirmed": "{progress}\n✅ Done, confirmed by the car.",
    "outcome.accepted": (
        "{progress}\n☑️ Accepted by the Smart cloud; the car has not confirmed it yet."
    ),
    "outcome.sent": (
        "{progress}\n✅ Sent; the Smart cloud accepted it (the car does not report this back)."
    ),
    "outcome.refused": "{progress}\n❌ Refused: {reason}",
    "outcome.failed": "{progress}\n❌ {reason}",
    "outcome.resumed": (
        "{progress}\n✅ Done, confirmed by the car (checked after a restart of the bot)."
    ),
    "outcome.interrupted": (
        "{progress}\n❔ The bot restarted while this command was on its way; I cannot tell "
        "whether the car got it. Please check /status before you send it again."
    ),
    "cmd.cooldown": "The car needs a short break between commands. Please wait {seconds} s.",
    "seat.driver": "driver seat",
    "seat.passenger": "passenger seat",
    "seat.wheel": "steering wheel",
    # --- usage / bad input --------------------------------------------------------------
    "usage.climate": (
        "Usage: /climate &lt;16-30 °C&gt; [minutes 1-30] or /climate off. "
        "Example: <code>/climate 22 15</code>"
    ),
    "usage.climate_temp": (
        "{value} °C is out of range: choose 16 to 30 °C. Example: <code>/climate 22</code>"
    ),
    "usage.climate_minutes": (
        "{value} minutes is out of range: choose 1 to 30. Example: <code>/climate 22 10</code>"
    ),
    "usage.defrost": "Usage: /defrost on|off. Example: <code>/defrost on</code>",
    "usage.seatheat": (
        "Usage: /seatheat driver|passenger|wheel 0-3 (0 = off). "
        "Example: <code>/seatheat driver 2</code>"
    ),
    "usage.seatvent": (
        "Usage: /seatvent [driver|passenger] 0-3 (0 = off). Example: <code>/seatvent 2</code>"
    ),
    "usage.windows": "Usage: /windows close|vent. Example: <code>/windows close</code>",
    "usage.sunshade": "Usage: /sunshade open|close. Example: <code>/sunshade close</code>",
    "usage.trunk": "Usage: /trunk lock|unlock. Example: <code>/trunk lock</code>",
    "usage.charge": (
        "Usage: /charge start|stop|limit 50-100. Example: <code>/charge limit 80</code>"
    ),
    "usage.charge_limit": (
        "{value} % is not a valid limit: choose 50 to 100 in steps of 5. "
        "Example: <code>/charge limit 80</code>"
    ),
    "usage.chargelid": "Usage: /chargelid open|close. Example: <code>/chargelid open</code>",
    "usage.fridge": "Usage: /fridge on|off. Example: <code>/fridge on</code>",
    "usage.fragrance": "Usage: /fragrance on|off. Example: <code>/fragrance on</code>",
    "usage.tracking": "Usage: /tracking on|off. Example: <code>/tracking off</code>",
    "usage.locker": "Usage: /locker lock|unlock. Example: <code>/locker lock</code>",
    "usage.share": (
        "Usage: /share &lt;user id&gt; [car]. The user must be allowed first. "
        "Example: <code>/share 123456789 Blue</code>"
    ),
    "usage.unshare": (
        "Usage: /unshare &lt;user id&gt; [car]. Example: <code>/unshare 123456789</code>"
    ),
    "usage.mute": "Usage: /mute [hours 1-48] or /mute off. Example: <code>/mute 2</code>",
    "usage.alerts_battery": (
        "Usage: /alerts battery &lt;5-80 %&gt;. Example: <code>/alerts battery 20</code>"
    ),
    "usage.alerts_unlocked": (
        "Usage: /alerts unlocked &lt;1-120 minutes&gt;. Example: <code>/alerts unlocked 10</code>"
    ),
    "usage.alerts_quiet": (
        "Usage: /alerts quiet 22:00-07:00 or /alerts quiet off. "
        "Example: <code>/alerts quiet 23:00-06:30</code>"
    ),
    "usage.alerts": "Usage: /alerts [battery N | unlocked N | quiet HH:MM-HH:MM | quiet off]",
    # --- confirmations ------------------------------------------------------------------
    "confirm.unlock": "Unlock the doors of <b>{name}</b>?\n{state}",
    "confirm.trunk_unlock": "Unlock the trunk of <b>{name}</b>?\n{state}",
    "confirm.locker_unlock": "Unlock the locker of <b>{name}</b>?\n{state}",
    "confirm.windows_vent": "Open the windows of <b>{name}</b> to vent?\n{state}",
    "confirm.state": "Now: {lock}, {parts}. {age}",
    "confirm.state_unknown": "I could not read the car's current state.",
    "confirm.expires": "This question expires in 60 s.",
    "confirm.expired": "This confirmation has expired. Nothing was done.",
    "confirm.used": "This button was already used. Nothing more was done.",
    "confirm.cancelled": "Cancelled. Nothing was done.",
    "button.stale": "This button has expired. Send /status for fresh buttons.",
    # --- history ------------------------------------------------------------------------
    "history.header": "<b>Last commands</b>",
    "history.line": "{when} · {car} · {action} · {result}",
    "history.empty": "No commands yet.",
    "history.action.lock": "lock",
    "history.action.unlock": "unlock",
    "history.action.climate_on": "climate on",
    "history.action.climate_off": "climate off",
    "history.action.defrost_on": "defrost on",
    "history.action.defrost_off": "defrost off",
    "history.action.seat_heat": "seat heating",
    "history.action.seat_vent": "seat ventilation",
    "history.action.horn": "horn",
    "history.action.flash": "flash",
    "history.action.find": "find",
    "history.action.windows_close": "close windows",
    "history.action.windows_vent": "vent windows",
    "history.action.sunshade_open": "open sunshade",
    "history.action.sunshade_close": "close sunshade",
    "history.action.trunk_lock": "lock trunk",
    "history.action.trunk_unlock": "unlock trunk",
    "history.action.charge_start": "start charging",
    "history.action.charge_stop": "stop charging",
    "history.action.charge_limit": "charge limit",
    "history.action.chargelid_open": "open charge lid",
    "history.action.chargelid_close": "close charge lid",
    "history.action.fridge_on": "fridge on",
    "history.action.fridge_off": "fridge off",
    "history.action.fragrance_on": "fragrance on",
    "history.action.fragrance_off": "fragrance off",
    "history.action.tracking_on": "tracking on",
    "history.action.tracking_off": "tracking off",
    "history.action.locker_lock": "lock locker",
    "history.action.locker_unlock": "unlock locker",
    "history.action.login": "login",
    "history.action.logout": "logout",
    "history.action.share": "share",
    "history.action.unshare": "unshare",
    "history.action.allow_user": "allow user",
    "history.action.deny_user": "deny user",
    "result.accepted": "accepted",
    "result.confirmed": "confirmed",
    "result.refused": "refused",
    "result.failed": "failed",
    "result.timeout": "not confirmed",
    "result.done": "done",
    "result.sending": "on its way",
    "result.interrupted": "outcome unknown",
    # --- sharing ------------------------------------------------------------------------
    "share.done": "<b>{car}</b> is now shared with {name} (<code>{user_id}</code>).",
    "share.notice": "{owner} shared <b>{car}</b> with you. Try /status.",
    "share.not_allowed": (
        "<code>{user_id}</code> is not allowed to use the bot. An admin must /allow them first."
    ),
    "share.self": "You cannot share a car with yourself.",
    "share.not_owner": "You can only share your own cars.",
    "unshare.done": "{name} (<code>{user_id}</code>) no longer has access to <b>{car}</b>.",
    "unshare.none": "<code>{user_id}</code> has no access to your car(s).",
    # --- alerts -------------------------------------------------------------------------
    "alerts.header": (
        "<b>Alerts</b> – tap to switch on or off.\n"
        "Battery low below {battery} % · left unlocked after {unlocked} min · "
        "quiet hours {quiet}{muted}"
    ),
    "alerts.quiet_off": "off",
    "alerts.muted": "\n🔕 Muted until {until}",
    "alerts.battery_set": "You will be told when the battery drops below {percent} %.",
    "alerts.unlocked_set": "You will be told when a car stays unlocked for {minutes} min.",
    "alerts.quiet_set": ("Quiet hours {start}–{end}: only theft alerts get through then."),
    "alerts.quiet_cleared": "Quiet hours switched off.",
    "alerts.toggled_on": "{label}: on",
    "alerts.toggled_off": "{label}: off",
    "mute.done": "Alerts muted until {until}. /mute off to hear them again.",
    "mute.off": "Alerts are on again.",
    "kind.locked": "Locked",
    "kind.unlocked": "Unlocked",
    "kind.left_unlocked": "Left unlocked",
    "kind.door_opened": "Door opened",
    "kind.trunk_opened": "Trunk opened",
    "kind.hood_opened": "Bonnet opened",
    "kind.window_opened": "Window opened",
    "kind.sunroof_opened": "Sunroof opened",
    "kind.plugged_in": "Plugged in",
    "kind.unplugged": "Unplugged",
    "kind.charging_started": "Charging started",
    "kind.charging_stopped": "Charging stopped",
    "kind.charging_finished": "Charging finished",
    "kind.charge_target_reached": "Charge target reached",
    "kind.battery_low": "Battery low",
    "kind.aux_battery_low": "12 V battery low",
    "kind.tyre_pressure_warning": "Tyre pressure",
    "kind.climate_started": "Climate started",
    "kind.climate_finished": "Climate finished",
    "kind.moved_while_parked": "Moved while parked",
    "kind.software_update_available": "Software update",
    "kind.service_due": "Service due",
    "kind.login_required": "Login needed",
    # --- push alerts --------------------------------------------------------------------
    "alert.header": "🚗 <b>{car}</b>",
    "alert.by_bot": " (by this bot)",
    "alert.locked": "🔒 Locked{by_bot}",
    "alert.unlocked": "🔓 Unlocked{by_bot}",
    "alert.left_unlocked": "⚠️ Still unlocked after {minutes} min",
    "alert.door_opened": "🚪 Opened while parked: {parts}",
    "alert.trunk_opened": "🚪 Trunk opened while parked",
    "alert.hood_opened": "🚪 Bonnet opened while parked",
    "alert.window_opened": "🪟 Window opened while parked: {parts}",
    "alert.sunroof_opened": "🪟 Sunroof opened while parked",
    "alert.plugged_in": "🔌 Plugged in at {battery} %",
    "alert.unplugged": "🔌 Unplugged at {battery} %",
    "alert.charging_started": "⚡ Charging started at {battery} %{charging}",
    "alert.charging_stopped": "⏹ Charging stopped at {battery} %{by_bot}",
    "alert.charging_finished": "✅ Charging finished at {battery} %",
    "alert.charge_target_reached": "🎯 Charge target reached: {battery} %",
    "alert.battery_low": "🪫 Battery low: {battery} % ({range} km)",
    "alert.aux_battery_low": "🔋 12 V battery low: {volts} V",
    "alert.tyre_pressure_warning": "🛞 Check the tyre pressure {parts}",
    "alert.climate_started": "❄️ Climate started{by_bot}",
    "alert.climate_finished": "❄️ Climate finished, inside {inside} °C",
    "alert.moved_while_parked": (
        "🚨 <b>The parked, locked car moved about {distance} m.</b> Check it now: /location"
    ),
    "alert.software_update_available": "⬇️ Software update available: {target}",
    "alert.service_due": "🔧 Service due in {days} days",
    "alert.login_required": (
        "🔑 The Smart cloud no longer accepts the stored login; updates have stopped. "
        "Please /login again."
    ),
    # --- errors -------------------------------------------------------------------------
    "error.unexpected": "Sorry, something went wrong. Error id: <code>{error_id}</code>",
    "error.session_expired": "Your Smart session has expired. Please /login again.",
    "error.not_logged_in": "You have not connected a Smart account yet. Send /login.",
    "error.invalid_credentials": (
        "The Smart cloud no longer accepts your login. Please /login again."
    ),
    "error.rate_limited": "The Smart cloud asks us to slow down. Please try again in {wait}.",
    "error.cloud_unavailable": "The Smart cloud is unreachable right now. Please try again later.",
    "error.cloud_unreadable": (
        "The Smart cloud sent an answer I cannot read. Nothing was changed; please try again later."
    ),
    "error.vehicle_not_linked": (
        "This car is no longer linked to the Smart account. Check the app, then /login again."
    ),
    "error.rejected": "The car or the Smart cloud refused: {reason}",
    "error.rejected_plain": "The car or the Smart cloud refused the command.",
    "error.signature": "The Smart cloud refused our request. The admins have been told.",
    "error.not_found": "The car does not offer this.",
    "error.cloud": "The Smart cloud answered with an error. Please try again later.",
    "error.credentials_unreadable": (
        "Your stored login can no longer be read. Please /login again."
    ),
    "admin.error_report": (
        "⚠️ <b>Error {error_id}</b>\n{kind}: {message}\nupdate: {update}\n<pre>{trace}</pre>"
    ),
    "admin.error_left_out": "{count} more like it since {since} were not reported.",
    "admin.cloud_signature": "⚠️ The Smart cloud refused a signature ({code}). Check the signing.",
    # --- issue 14: warm car, comfort, honest labels, more status, destination ---
    "help.commands": "\n<b>Commands</b> (add a car name or plate if you have several)",
    "help.tail": (
        "\n"
        "/preset – your “warm car” temperature and seat heat\n"
        "Share a location or place with me to send it to the car's navigation.\n"
        "\n"
        "<b>Alerts</b>\n"
        "/alerts – choose alerts, thresholds, quiet hours\n"
        "/mute [hours] – silence alerts for a while"
    ),
    "help.experimental_mark": " 🧪 <i>experimental</i>",
    "help.experimental_note": (
        "🧪 Experimental: not seen working on every car; tell us if one does nothing."
    ),
    "help.cmd.lock": "/lock",
    "help.cmd.unlock": "/unlock",
    "help.cmd.climate": "/climate 22 [minutes] [seats], /climate seats, /climate off",
    "help.cmd.defrost": "/defrost on|off",
    "help.cmd.seatheat": "/seatheat driver|passenger|wheel|rearleft|rearright 0-3",
    "help.cmd.seatvent": "/seatvent [driver|passenger] 0-3",
    "help.cmd.comfort": "/comfort off – every seat, wheel, defrost and ventilation off",
    "help.cmd.horn": "/horn",
    "help.cmd.flash": "/flash",
    "help.cmd.find": "/find – horn and lights together",
    "help.cmd.windows": "/windows close|vent",
    "help.cmd.sunshade": "/sunshade open|close",
    "help.cmd.trunk": "/trunk lock|unlock",
    "help.cmd.charge": "/charge start|stop|limit 50-100",
    "help.cmd.chargelid": "/chargelid open|close",
    "help.cmd.fridge": "/fridge on|off",
    "help.cmd.fragrance": "/fragrance on|off",
    "help.cmd.tracking": "/tracking on|off",
    "help.cmd.locker": "/locker lock|unlock",
    "menu.preset": "Warm-car temperature and seat heat",
    "experimental.note": (
        "🧪 <i>Experimental: this command has not been seen working on every car; tell us if it "
        "does nothing.</i>"
    ),
    "btn.confirm_experimental": "✅ Yes, try it (experimental)",
    "btn.warm": "🔥 Warm car",
    "btn.more": "➕ More",
    "btn.less": "➖ Less",
    "btn.preset_down": "🌡 −0.5 °C",
    "btn.preset_up": "🌡 +0.5 °C",
    "btn.preset_seat": "{seat}: {level}",
    "btn.destination": "🧭 Send to {name}'s navigation",
    "progress.warm_car": "Warming {name}: climate at {temp} °C{duration}{heat}…",
    "progress.with_heat": " with {parts}",
    "progress.heat_part": "{seat} {level}",
    "progress.comfort_off": (
        "Switching every seat, the wheel, defrost and ventilation of {name} off…"
    ),
    "history.action.warm_car": "warm car",
    "history.action.comfort_off": "comfort off",
    "history.action.send_destination": "send destination",
    "usage.comfort": "Usage: /comfort off (smart #5). Example: <code>/comfort off</code>",
    "seat.rear_left": "rear left seat",
    "seat.rear_right": "rear right seat",
    "status.charging.dc": " (DC)",
    "status.charging.ac": " (AC)",
    "status.plugged_state": "🔌 Plugged in, {state}",
    "charging_state.waiting_for_charging": "waiting to charge",
    "charging_state.target_reached": "charge target reached",
    "charging_state.fully_charged": "fully charged",
    "charging_state.finished_fully_charged": "finished, fully charged",
    "charging_state.finished_not_full": "finished before full",
    "charging_state.complete": "charging complete",
    "charging_state.error": "charging fault",
    "more.title": "<b>More</b>",
    "more.none": "Nothing more reported.",
    "more.range_full": "🔋 Range at 100 %: {km} km",
    "more.km": "{km} km",
    "more.days": "{n} days",
    "more.service": "🔧 Service in {due}",
    "more.aux_charge": "{percent} % charged",
    "more.aux_health": "health {percent} %",
    "more.aux": "🔋 12 V battery: {parts}",
    "more.doors_unlocked": "🔓 Unlocked: {doors}",
    "more.doors_locked": "🔒 Every door locked",
    "more.trunk_locked": "🔒 Trunk locked",
    "more.trunk_unlocked": "🔓 Trunk unlocked",
    "more.heat": "🔥 Heating: {seats}",
    "more.heat_off": "🔥 Seat and wheel heating off",
    "more.vent": "💨 Ventilation: {seats}",
    "more.defrost": "❄️ Defroster on",
    "more.windows": "🪟 Windows open: {windows}",
    "more.brake_on": "🅿️ Park brake on",
    "more.brake_off": "🅿️ Park brake off",
    "more.fluid.brake_fluid": "brake fluid",
    "more.fluid.coolant": "coolant",
    "more.fluids_low": "⚠️ Low: {fluids}",
    "more.fluids_ok": "🧴 Brake fluid and coolant OK",
    "more.washer_unconfirmed": (
        "🧴 Washer fluid reads low (unconfirmed: many cars always report this)"
    ),
    "more.pm25": "🌫 Cabin PM2.5: {value} µg/m³",
    "preset.text": (
        "<b>Warm car</b> preset\n"
        "🌡 {temp} °C · driver seat {driver} · passenger seat {passenger} · steering wheel "
        "{wheel}\n"
        "The buttons change it. /climate seats or 🔥 Warm car on /status sends climate and heat "
        "in one command."
    ),
    "destination.pin": "Shared location",
    "destination.address": "\n{address}",
    "destination.offer": "📍 <b>{name}</b>{address}\nSend it to a car's navigation?",
    "destination.sent": "🧭 “{place}” sent to the navigation of <b>{name}</b>.",
    "destination.bad": "That place can no longer be sent. Share it again.",
}
