"""German message catalogue (Deutsch). Same keys and `{fields}` as `en.py` (a test checks)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- Zugang -------------------------------------------------------------------------
    "gate.stranger": (
        "Dieser Bot ist privat. Bitte den Besitzer, dich hinzuzufügen; deine Telegram-ID ist "
        "<code>{user_id}</code>."
    ),
    "gate.stranger_short": "Dieser Bot ist privat. Deine Telegram-ID ist {user_id}.",
    "admin.only": "Das darf nur ein Admin.",
    "admin.allow.usage": (
        "So geht's: /allow &lt;Nutzer-ID&gt; [Name], z. B. <code>/allow 123456789 Anna</code>"
    ),
    "admin.allow.done": "{name} (<code>{user_id}</code>) darf den Bot jetzt nutzen.",
    "admin.allow.welcome": "Du darfst diesen Bot jetzt nutzen. /help zeigt, was er kann.",
    "admin.deny.usage": "So geht's: /deny &lt;Nutzer-ID&gt;, z. B. <code>/deny 123456789</code>",
    "admin.deny.done": (
        "<code>{user_id}</code> kann den Bot nicht mehr nutzen; die gespeicherten "
        "Smart-Zugangsdaten wurden gelöscht."
    ),
    "admin.deny.env_admin": (
        "<code>{user_id}</code> ist Admin über ADMIN_USER_IDS; bitte dort entfernen."
    ),
    "admin.deny.unknown": "<code>{user_id}</code> war ohnehin nicht freigeschaltet.",
    "admin.users.header": "<b>Freigeschaltete Nutzer</b>",
    "admin.users.line": "• <code>{user_id}</code> {name} – {role}{inactive}",
    "admin.users.inactive": " (hat den Bot blockiert)",
    "admin.users.empty": "Niemand außer den Admins aus ADMIN_USER_IDS.",
    "role.admin": "Admin",
    "role.user": "Nutzer",
    # --- Menü ---------------------------------------------------------------------------
    "menu.status": "Das Auto auf einen Blick",
    "menu.lock": "Auto verriegeln",
    "menu.unlock": "Auto entriegeln (mit Rückfrage)",
    "menu.climate": "Klima: /climate 22 oder /climate off",
    "menu.charge": "Laden: start, stop, limit 80",
    "menu.location": "Wo das Auto steht",
    "menu.cars": "Deine Autos und das Standardauto",
    "menu.history": "Letzte Befehle",
    "menu.alerts": "Benachrichtigungen einstellen",
    "menu.mute": "Benachrichtigungen pausieren",
    "menu.login": "Smart-Konto verbinden",
    "menu.logout": "Smart-Konto vergessen",
    "menu.language": "Deutsch oder Englisch",
    "menu.help": "Alle Befehle",
    # --- Start / Hilfe / Sprache ----------------------------------------------------------
    "start.welcome": (
        "Hallo {name}! Ich steuere und beobachte deinen smart #1, #3 oder #5.\n"
        "Verbinde zuerst dein Smart-Konto mit /login, dann probier /status.\n"
        "/help zeigt alle Befehle."
    ),
    "help.text": (
        "<b>Konto</b>\n"
        "/login – Smart-Konto verbinden\n"
        "/logout – Konto vergessen\n"
        "/cars – deine Autos, Standardauto wählen\n"
        "/language – Deutsch oder Englisch\n"
        "\n<b>Abfragen</b>\n"
        "/status [Auto] – das Auto auf einen Blick\n"
        "/location [Auto] – wo es steht\n"
        "/history – die letzten Befehle"
    ),
    "help.admin": (
        "\n\n<b>Admin</b>\n/allow &lt;ID&gt; [Name], /deny &lt;ID&gt;, /users\n"
        "/share &lt;Nutzer-ID&gt; [Auto], /unshare &lt;Nutzer-ID&gt; [Auto]"
    ),
    "help.owner": (
        "\n\n<b>Teilen</b>\n/share &lt;Nutzer-ID&gt; [Auto], /unshare &lt;Nutzer-ID&gt; [Auto]"
    ),
    "language.choose": "Wähle deine Sprache:",
    "language.set": "Ich spreche ab jetzt Deutsch mit dir.",
    "unknown.command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
    "unknown.text": "Schick mir einen Befehl, zum Beispiel /status. /help zeigt alle.",
    # --- Autos --------------------------------------------------------------------------
    "cars.header": "<b>Deine Autos</b>",
    "cars.line": "{marker} <b>{name}</b> – smart {model}{plate}{shared}",
    "cars.plate": ", {plate}",
    "cars.shared": " (geteilt von {owner})",
    "cars.pick": "Tippe auf ein Auto, um es zum Standardauto zu machen.",
    "cars.none": "Noch keine Autos. Verbinde dein Smart-Konto mit /login.",
    "cars.default_set": "<b>{name}</b> ist jetzt dein Standardauto.",
    "car.unknown": (
        "Ein Auto namens „{query}“ kenne ich nicht. Deine Autos: {names}. Beispiel: {example}"
    ),
    "car.ambiguous": (
        "„{query}“ passt auf mehrere Autos: {names}. Nimm den ganzen Namen oder das Kennzeichen."
    ),
    "car.several": (
        "Du hast mehrere Autos und kein Standardauto. Häng einen Namen an, z. B. {example}, "
        "oder wähle eins mit /cars."
    ),
    "car.gone": "Dieses Auto steht dir nicht mehr zur Verfügung.",
    "car.unsupported": "Der smart {model} hat diese Funktion nicht ({action}).",
    # --- Login --------------------------------------------------------------------------
    "login.region_ask": (
        "Welche Smart-Cloud nutzt dein Konto?\n"
        "<b>Europa</b> für die Hello-Smart-App in Europa, <b>International</b> für Israel, "
        "Australien, Singapur und andere.\n/cancel bricht ab."
    ),
    "login.region.EU": "Europa",
    "login.region.INTL": "International",
    "login.advice": (
        "Tipp: Die Smart-Cloud erlaubt pro Konto nur eine aktive Anmeldung; eine Anmeldung "
        "hier kann dich in der App abmelden. Nimm am besten ein <b>zweites Smart-Konto</b>, "
        "mit dem du das Auto über den digitalen Schlüssel in der App teilst."
    ),
    "login.email_ask": "Die E-Mail-Adresse deines Smart-Kontos? /cancel bricht ab.",
    "login.email_invalid": (
        "Das sieht nicht nach einer E-Mail-Adresse aus. Beispiel: anna@example.com"
    ),
    "login.password_ask": (
        "Jetzt dein Smart-Passwort. Ich lösche deine Nachricht sofort und speichere das "
        "Passwort nur verschlüsselt. /cancel bricht ab."
    ),
    "login.delete_failed": (
        "Ich konnte deine Passwort-Nachricht nicht löschen. Bitte lösch sie jetzt selbst."
    ),
    "login.checking": "Anmeldung bei der Smart-Cloud…",
    "login.ok": "Angemeldet. Ich habe {count} Auto(s) gefunden:\n{cars}",
    "login.ok_line": "• {name} – smart {model}{plate}",
    "login.pick_default": "Welches Auto soll dein Standardauto sein?",
    "login.no_cars": (
        "Angemeldet, aber dieses Konto hat keine Autos. Teile das Auto in der App mit ihm, "
        "dann noch einmal /login."
    ),
    "login.wrong_password": (
        "Die Smart-Cloud hat E-Mail oder Passwort abgelehnt. Prüf beides und versuch /login "
        "noch einmal."
    ),
    "login.blocked": (
        "Die Smart-Cloud sperrt Anmeldungen von hier vorübergehend. Bitte versuch es in {wait} "
        "noch einmal."
    ),
    "login.outage": (
        "Die Smart-Cloud ist gerade nicht erreichbar. Bitte versuch /login später noch einmal."
    ),
    "login.timeout": "Die Anmeldung ist nach 5 Minuten abgelaufen. /login startet neu.",
    "login.cancelled": "Anmeldung abgebrochen. Es wurde nichts gespeichert.",
    "login.nothing_to_cancel": "Es gibt nichts abzubrechen.",
    "login.stale_button": "Diese Anmeldung ist beendet oder abgelaufen. /login startet neu.",
    "logout.confirm": (
        "Dein Smart-Konto und seine {count} Auto(s) vergessen? Geteilte Autos funktionieren "
        "dann auch für die anderen nicht mehr."
    ),
    "logout.done": "Erledigt: deine Smart-Zugangsdaten und Autos sind gelöscht.",
    "logout.none": "Du bist nicht angemeldet.",
    # --- Statuskarte --------------------------------------------------------------------
    "status.title": "<b>{name}</b> · smart {model}",
    "status.battery": "🔋 {percent} %",
    "status.range": " · {km} km",
    "status.charging": "⚡ Lädt{details}{target}",
    "status.charging.power": " mit {kw} kW",
    "status.charging.eta": ", voll in {duration}",
    "status.charging.target": ", Ziel {percent} %",
    "status.plugged": "🔌 Angesteckt, lädt nicht",
    "status.unplugged": "🔌 Nicht angesteckt",
    "status.locked": "🔒 Verriegelt",
    "status.unlocked": "🔓 <b>Entriegelt</b>",
    "status.lock_unknown": "🔒 Verriegelung unbekannt",
    "status.open": "🚪 Offen: {parts}",
    "status.closed": "🚪 Türen, Kofferraum und Fenster zu",
    "status.climate_on": "❄️ Klima an",
    "status.climate_off": "❄️ Klima aus",
    "status.temps": "🌡 Innen {inside} · außen {outside}",
    "status.temp": "{value} °C",
    "status.tyres": "🛞 {values} bar",
    "status.tyres_low": "⚠️ Reifendruck prüfen",
    "status.odometer": "🛣 {km} km",
    "status.aux": "🔋 12 V: {volts} V",
    "status.aux_low": "⚠️ 12-V-Batterie schwach: {volts} V",
    "status.age": "🕒 Daten von {age}",
    "status.age_unknown": "🕒 Alter der Daten unbekannt",
    "status.unknown": "?",
    "part.driver": "Fahrertür",
    "part.passenger": "Beifahrertür",
    "part.driver_rear": "Tür hinten links",
    "part.passenger_rear": "Tür hinten rechts",
    "part.trunk": "Kofferraum",
    "part.hood": "Motorhaube",
    "part.sunroof": "Schiebedach",
    "part.windows": "Fenster ({names})",
    "part.window.driver": "Fahrer",
    "part.window.passenger": "Beifahrer",
    "part.window.driver_rear": "hinten links",
    "part.window.passenger_rear": "hinten rechts",
    "tyre.front": "vorn",
    "tyre.rear": "hinten",
    "tyre.driver": "Fahrer",
    "tyre.passenger": "Beifahrer",
    "tyre.driver_rear": "hinten Fahrerseite",
    "tyre.passenger_rear": "hinten Beifahrerseite",
    "age.now": "gerade eben",
    "age.seconds": "vor {n} s",
    "age.minutes": "vor {n} Min.",
    "age.hours": "vor {n} Std.",
    "age.days": "vor {n} Tagen",
    "duration.minutes": "{n} Min.",
    "duration.hours": "{h} Std. {m} Min.",
    "wait.seconds": "{n} s",
    "wait.minutes": "{n} Min.",
    # --- Knöpfe -------------------------------------------------------------------------
    "btn.lock": "🔒 Verriegeln",
    "btn.unlock": "🔓 Entriegeln",
    "btn.climate_on": "❄️ Klima an",
    "btn.climate_off": "❄️ Klima aus",
    "btn.charge_start": "⚡ Laden starten",
    "btn.charge_stop": "⚡ Laden stoppen",
    "btn.location": "📍 Standort",
    "btn.refresh": "🔄 Aktualisieren",
    "btn.status": "📋 Status",
    "btn.mute_hour": "🔕 1 Std. Ruhe",
    "btn.confirm": "✅ Ja, machen",
    "btn.cancel": "✖️ Abbrechen",
    "btn.default": "⭐ {name}",
    "btn.on": "✅ {label}",
    "btn.off": "⬜ {label}",
    # --- Standort -----------------------------------------------------------------------
    "location.none": (
        "{name} hat (noch) keinen Standort gemeldet. Das Auto sendet ihn, wenn es mit "
        "eingeschalteter Standortfreigabe parkt."
    ),
    "location.caption": "📍 {name}: Standort von {age}",
    # --- Fernbefehle --------------------------------------------------------------------
    "progress.lock": "{name} wird verriegelt…",
    "progress.unlock": "{name} wird entriegelt…",
    "progress.climate_on": "Klima in {name} startet mit {temp} °C{duration}…",
    "progress.for_minutes": " für {n} Min.",
    "progress.climate_off": "Klima in {name} wird ausgeschaltet…",
    "progress.defrost_on": "Enteisung in {name} startet…",
    "progress.defrost_off": "Enteisung in {name} wird ausgeschaltet…",
    "progress.seat_heat": "Heizung {seat} in {name} auf Stufe {level}…",
    "progress.seat_vent": "Sitzbelüftung in {name} auf Stufe {level}…",
    "progress.horn": "{name} hupt…",
    "progress.flash": "{name} blinkt…",
    "progress.find": "{name} hupt und blinkt…",
    "progress.windows_close": "Fenster von {name} werden geschlossen…",
    "progress.windows_vent": "Fenster von {name} werden zum Lüften geöffnet…",
    "progress.sunshade_open": "Sonnenschutz von {name} wird geöffnet…",
    "progress.sunshade_close": "Sonnenschutz von {name} wird geschlossen…",
    "progress.trunk_lock": "Kofferraum von {name} wird verriegelt…",
    "progress.trunk_unlock": "Kofferraum von {name} wird entriegelt…",
    "progress.charge_start": "{name} beginnt zu laden…",
    "progress.charge_stop": "Laden von {name} wird gestoppt…",
    "progress.charge_limit": "Ladegrenze von {name} wird auf {percent} % gesetzt…",
    "progress.chargelid_open": "Ladeklappe von {name} wird geöffnet…",
    "progress.chargelid_close": "Ladeklappe von {name} wird geschlossen…",
    "progress.fridge_on": "Kühlfach von {name} wird eingeschaltet…",
    "progress.fridge_off": "Kühlfach von {name} wird ausgeschaltet…",
    "progress.fragrance_on": "Duft in {name} wird eingeschaltet…",
    "progress.fragrance_off": "Duft in {name} wird ausgeschaltet…",
    "progress.tracking_on": "Fahrtenaufzeichnung von {name} wird eingeschaltet…",
    "progress.tracking_off": "Fahrtenaufzeichnung von {name} wird ausgeschaltet…",
    "progress.locker_lock": "Staufach von {name} wird verriegelt…",
    "progress.locker_unlock": "Staufach von {name} wird entriegelt…",
    "outcome.confirmed": "{progress}\n✅ Erledigt, vom Auto bestätigt.",
    "outcome.accepted": (
        "{progress}\n☑️ Von der Smart-Cloud angenommen; das Auto hat es noch nicht bestätigt."
    ),
    "outcome.sent": (
        "{progress}\n✅ Gesendet; die Smart-Cloud hat es angenommen (das Auto meldet es nicht "
        "zurück)."
    ),
    "outcome.refused": "{progress}\n❌ Abgelehnt: {reason}",
    "outcome.failed": "{progress}\n❌ {reason}",
    "outcome.resumed": (
        "{progress}\n✅ Erledigt, vom Auto bestätigt (nach einem Neustart des Bots geprüft)."
    ),
    "outcome.interrupted": (
        "{progress}\n❔ Der Bot wurde neu gestartet, während dieser Befehl unterwegs war; ich "
        "weiß nicht, ob das Auto ihn erhalten hat. Bitte prüfe /status, bevor du ihn erneut "
        "sendest."
    ),
    "cmd.cooldown": (
        "Das Auto braucht eine kurze Pause zwischen Befehlen. Bitte {seconds} s warten."
    ),
    "seat.driver": "Fahrersitz",
    "seat.passenger": "Beifahrersitz",
    "seat.wheel": "Lenkrad",
    # --- Bedienung / falsche Eingaben ---------------------------------------------------
    "usage.climate": (
        "So geht's: /climate &lt;16-30 °C&gt; [Minuten 1-30] oder /climate off. "
        "Beispiel: <code>/climate 22 15</code>"
    ),
    "usage.climate_temp": (
        "{value} °C geht nicht: wähle 16 bis 30 °C. Beispiel: <code>/climate 22</code>"
    ),
    "usage.climate_minutes": (
        "{value} Minuten gehen nicht: wähle 1 bis 30. Beispiel: <code>/climate 22 10</code>"
    ),
    "usage.defrost": "So geht's: /defrost on|off. Beispiel: <code>/defrost on</code>",
    "usage.seatheat": (
        "So geht's: /seatheat driver|passenger|wheel 0-3 (0 = aus). "
        "Beispiel: <code>/seatheat driver 2</code>"
    ),
    "usage.seatvent": (
        "So geht's: /seatvent [driver|passenger] 0-3 (0 = aus). Beispiel: <code>/seatvent 2</code>"
    ),
    "usage.windows": "So geht's: /windows close|vent. Beispiel: <code>/windows close</code>",
    "usage.sunshade": "So geht's: /sunshade open|close. Beispiel: <code>/sunshade close</code>",
    "usage.trunk": "So geht's: /trunk lock|unlock. Beispiel: <code>/trunk lock</code>",
    "usage.charge": (
        "So geht's: /charge start|stop|limit 50-100. Beispiel: <code>/charge limit 80</code>"
    ),
    "usage.charge_limit": (
        "{value} % ist keine gültige Grenze: wähle 50 bis 100 in Fünferschritten. "
        "Beispiel: <code>/charge limit 80</code>"
    ),
    "usage.chargelid": "So geht's: /chargelid open|close. Beispiel: <code>/chargelid open</code>",
    "usage.fridge": "So geht's: /fridge on|off. Beispiel: <code>/fridge on</code>",
    "usage.fragrance": "So geht's: /fragrance on|off. Beispiel: <code>/fragrance on</code>",
    "usage.tracking": "So geht's: /tracking on|off. Beispiel: <code>/tracking off</code>",
    "usage.locker": "So geht's: /locker lock|unlock. Beispiel: <code>/locker lock</code>",
    "usage.share": (
        "So geht's: /share &lt;Nutzer-ID&gt; [Auto]. Der Nutzer muss freigeschaltet sein. "
        "Beispiel: <code>/share 123456789 Blue</code>"
    ),
    "usage.unshare": (
        "So geht's: /unshare &lt;Nutzer-ID&gt; [Auto]. Beispiel: <code>/unshare 123456789</code>"
    ),
    "usage.mute": "So geht's: /mute [Stunden 1-48] oder /mute off. Beispiel: <code>/mute 2</code>",
    "usage.alerts_battery": (
        "So geht's: /alerts battery &lt;5-80 %&gt;. Beispiel: <code>/alerts battery 20</code>"
    ),
    "usage.alerts_unlocked": (
        "So geht's: /alerts unlocked &lt;1-120 Minuten&gt;. "
        "Beispiel: <code>/alerts unlocked 10</code>"
    ),
    "usage.alerts_quiet": (
        "So geht's: /alerts quiet 22:00-07:00 oder /alerts quiet off. "
        "Beispiel: <code>/alerts quiet 23:00-06:30</code>"
    ),
    "usage.alerts": "So geht's: /alerts [battery N | unlocked N | quiet HH:MM-HH:MM | quiet off]",
    # --- Rückfragen ---------------------------------------------------------------------
    "confirm.unlock": "Türen von <b>{name}</b> entriegeln?\n{state}",
    "confirm.trunk_unlock": "Kofferraum von <b>{name}</b> entriegeln?\n{state}",
    "confirm.locker_unlock": "Staufach von <b>{name}</b> entriegeln?\n{state}",
    "confirm.windows_vent": "Fenster von <b>{name}</b> zum Lüften öffnen?\n{state}",
    "confirm.state": "Jetzt: {lock}, {parts}. {age}",
    "confirm.state_unknown": "Den aktuellen Zustand des Autos konnte ich nicht lesen.",
    "confirm.expires": "Diese Frage läuft in 60 s ab.",
    "confirm.expired": "Diese Rückfrage ist abgelaufen. Es wurde nichts getan.",
    "confirm.used": "Dieser Knopf wurde schon benutzt. Es wurde nichts weiter getan.",
    "confirm.cancelled": "Abgebrochen. Es wurde nichts getan.",
    "button.stale": "Dieser Knopf ist abgelaufen. /status liefert frische Knöpfe.",
    # --- Verlauf ------------------------------------------------------------------------
    "history.header": "<b>Letzte Befehle</b>",
    "history.line": "{when} · {car} · {action} · {result}",
    "history.empty": "Noch keine Befehle.",
    "history.action.lock": "verriegeln",
    "history.action.unlock": "entriegeln",
    "history.action.climate_on": "Klima an",
    "history.action.climate_off": "Klima aus",
    "history.action.defrost_on": "Enteisung an",
    "history.action.defrost_off": "Enteisung aus",
    "history.action.seat_heat": "Sitzheizung",
    "history.action.seat_vent": "Sitzbelüftung",
    "history.action.horn": "hupen",
    "history.action.flash": "blinken",
    "history.action.find": "suchen",
    "history.action.windows_close": "Fenster schließen",
    "history.action.windows_vent": "Fenster lüften",
    "history.action.sunshade_open": "Sonnenschutz auf",
    "history.action.sunshade_close": "Sonnenschutz zu",
    "history.action.trunk_lock": "Kofferraum verriegeln",
    "history.action.trunk_unlock": "Kofferraum entriegeln",
    "history.action.charge_start": "Laden starten",
    "history.action.charge_stop": "Laden stoppen",
    "history.action.charge_limit": "Ladegrenze",
    "history.action.chargelid_open": "Ladeklappe auf",
    "history.action.chargelid_close": "Ladeklappe zu",
    "history.action.fridge_on": "Kühlfach an",
    "history.action.fridge_off": "Kühlfach aus",
    "history.action.fragrance_on": "Duft an",
    "history.action.fragrance_off": "Duft aus",
    "history.action.tracking_on": "Aufzeichnung an",
    "history.action.tracking_off": "Aufzeichnung aus",
    "history.action.locker_lock": "Staufach verriegeln",
    "history.action.locker_unlock": "Staufach entriegeln",
    "history.action.login": "Anmeldung",
    "history.action.logout": "Abmeldung",
    "history.action.share": "teilen",
    "history.action.unshare": "Teilen beenden",
    "history.action.allow_user": "Nutzer freischalten",
    "history.action.deny_user": "Nutzer sperren",
    "result.accepted": "angenommen",
    "result.confirmed": "bestätigt",
    "result.refused": "abgelehnt",
    "result.failed": "fehlgeschlagen",
    "result.timeout": "nicht bestätigt",
    "result.done": "erledigt",
    "result.sending": "unterwegs",
    "result.interrupted": "Ausgang unbekannt",
    # --- Teilen -------------------------------------------------------------------------
    "share.done": "<b>{car}</b> ist jetzt mit {name} (<code>{user_id}</code>) geteilt.",
    "share.notice": "{owner} hat <b>{car}</b> mit dir geteilt. Probier /status.",
    "share.not_allowed": (
        "<code>{user_id}</code> darf den Bot nicht nutzen. Ein Admin muss ihn zuerst mit "
        "/allow freischalten."
    ),
    "share.self": "Mit dir selbst kannst du kein Auto teilen.",
    "share.not_owner": "Du kannst nur deine eigenen Autos teilen.",
    "unshare.done": "{name} (<code>{user_id}</code>) hat keinen Zugriff mehr auf <b>{car}</b>.",
    "unshare.none": "<code>{user_id}</code> hat keinen Zugriff auf deine Autos.",
    # --- Benachrichtigungen -------------------------------------------------------------
    "alerts.header": (
        "<b>Benachrichtigungen</b> – antippen zum Ein- oder Ausschalten.\n"
        "Akku niedrig unter {battery} % · offen gelassen nach {unlocked} Min. · "
        "Ruhezeit {quiet}{muted}"
    ),
    "alerts.quiet_off": "aus",
    "alerts.muted": "\n🔕 Stumm bis {until}",
    "alerts.battery_set": "Du hörst von mir, wenn der Akku unter {percent} % fällt.",
    "alerts.unlocked_set": "Du hörst von mir, wenn ein Auto {minutes} Min. offen bleibt.",
    "alerts.quiet_set": "Ruhezeit {start}–{end}: dann kommen nur Diebstahlwarnungen durch.",
    "alerts.quiet_cleared": "Ruhezeit ausgeschaltet.",
    "alerts.toggled_on": "{label}: an",
    "alerts.toggled_off": "{label}: aus",
    "mute.done": "Benachrichtigungen stumm bis {until}. /mute off schaltet sie wieder ein.",
    "mute.off": "Benachrichtigungen sind wieder an.",
    "kind.locked": "Verriegelt",
    "kind.unlocked": "Entriegelt",
    "kind.left_unlocked": "Offen gelassen",
    "kind.door_opened": "Tür geöffnet",
    "kind.trunk_opened": "Kofferraum geöffnet",
    "kind.hood_opened": "Motorhaube geöffnet",
    "kind.window_opened": "Fenster geöffnet",
    "kind.sunroof_opened": "Schiebedach geöffnet",
    "kind.plugged_in": "Angesteckt",
    "kind.unplugged": "Abgesteckt",
    "kind.charging_started": "Laden gestartet",
    "kind.charging_stopped": "Laden gestoppt",
    "kind.charging_finished": "Laden fertig",
    "kind.charge_target_reached": "Ladeziel erreicht",
    "kind.battery_low": "Akku niedrig",
    "kind.aux_battery_low": "12-V-Batterie schwach",
    "kind.tyre_pressure_warning": "Reifendruck",
    "kind.climate_started": "Klima gestartet",
    "kind.climate_finished": "Klima beendet",
    "kind.moved_while_parked": "Bewegt beim Parken",
    "kind.software_update_available": "Software-Update",
    "kind.service_due": "Service fällig",
    "kind.login_required": "Anmeldung nötig",
    # --- Push-Benachrichtigungen --------------------------------------------------------
    "alert.header": "🚗 <b>{car}</b>",
    "alert.by_bot": " (durch diesen Bot)",
    "alert.locked": "🔒 Verriegelt{by_bot}",
    "alert.unlocked": "🔓 Entriegelt{by_bot}",
    "alert.left_unlocked": "⚠️ Seit {minutes} Min. entriegelt",
    "alert.door_opened": "🚪 Beim Parken geöffnet: {parts}",
    "alert.trunk_opened": "🚪 Kofferraum beim Parken geöffnet",
    "alert.hood_opened": "🚪 Motorhaube beim Parken geöffnet",
    "alert.window_opened": "🪟 Fenster beim Parken geöffnet: {parts}",
    "alert.sunroof_opened": "🪟 Schiebedach beim Parken geöffnet",
    "alert.plugged_in": "🔌 Angesteckt bei {battery} %",
    "alert.unplugged": "🔌 Abgesteckt bei {battery} %",
    "alert.charging_started": "⚡ Laden gestartet bei {battery} %{charging}",
    "alert.charging_stopped": "⏹ Laden gestoppt bei {battery} %{by_bot}",
    "alert.charging_finished": "✅ Laden fertig bei {battery} %",
    "alert.charge_target_reached": "🎯 Ladeziel erreicht: {battery} %",
    "alert.battery_low": "🪫 Akku niedrig: {battery} % ({range} km)",
    "alert.aux_battery_low": "🔋 12-V-Batterie schwach: {volts} V",
    "alert.tyre_pressure_warning": "🛞 Reifendruck prüfen {parts}",
    "alert.climate_started": "❄️ Klima gestartet{by_bot}",
    "alert.climate_finished": "❄️ Klima beendet, innen {inside} °C",
    "alert.moved_while_parked": (
        "🚨 <b>Das geparkte, verriegelte Auto hat sich etwa {distance} m bewegt.</b> "
        "Sofort prüfen: /location"
    ),
    "alert.software_update_available": "⬇️ Software-Update verfügbar: {target}",
    "alert.service_due": "🔧 Service fällig in {days} Tagen",
    "alert.login_required": (
        "🔑 Die Smart-Cloud nimmt die gespeicherte Anmeldung nicht mehr an; es kommen keine "
        "Updates mehr. Bitte /login erneut."
    ),
    # --- Fehler -------------------------------------------------------------------------
    "error.unexpected": "Entschuldigung, da ging etwas schief. Fehler-ID: <code>{error_id}</code>",
    "error.session_expired": "Deine Smart-Sitzung ist abgelaufen. Bitte /login erneut.",
    "error.not_logged_in": "Du hast noch kein Smart-Konto verbunden. Schick /login.",
    "error.invalid_credentials": (
        "Die Smart-Cloud nimmt deine Anmeldung nicht mehr an. Bitte /login erneut."
    ),
    "error.rate_limited": (
        "Die Smart-Cloud bittet um eine Pause. Bitte versuch es in {wait} wieder."
    ),
    "error.cloud_unreadable": (
        "Die Smart-Cloud hat eine Antwort geschickt, die ich nicht lesen kann. Es wurde nichts "
        "geändert; bitte versuch es später noch einmal."
    ),
    "error.cloud_unavailable": (
        "Die Smart-Cloud ist gerade nicht erreichbar. Bitte später noch einmal."
    ),
    "error.vehicle_not_linked": (
        "Dieses Auto ist nicht mehr mit dem Smart-Konto verbunden. Prüf die App, dann /login."
    ),
    "error.rejected": "Das Auto oder die Smart-Cloud hat abgelehnt: {reason}",
    "error.rejected_plain": "Das Auto oder die Smart-Cloud hat den Befehl abgelehnt.",
    "error.signature": "Die Smart-Cloud hat unsere Anfrage abgelehnt. Die Admins wissen Bescheid.",
    "error.not_found": "Das bietet das Auto nicht.",
    "error.cloud": "Die Smart-Cloud hat mit einem Fehler geantwortet. Bitte später noch einmal.",
    "error.credentials_unreadable": (
        "Deine gespeicherte Anmeldung ist nicht mehr lesbar. Bitte /login erneut."
    ),
    "admin.error_report": (
        "⚠️ <b>Fehler {error_id}</b>\n{kind}: {message}\nUpdate: {update}\n<pre>{trace}</pre>"
    ),
    "admin.error_left_out": "{count} weitere davon seit {since} wurden nicht gemeldet.",
    "admin.cloud_signature": (
        "⚠️ Die Smart-Cloud hat eine Signatur abgelehnt ({code}). Bitte die Signierung prüfen."
    ),
    # --- issue 14: warm car, comfort, honest labels, more status, destination ---
    "help.commands": "\n<b>Befehle</b> (bei mehreren Autos Name oder Kennzeichen anhängen)",
    "help.tail": (
        "\n"
        "/preset – Temperatur und Sitzheizung für „Auto vorwärmen“\n"
        "Teile einen Standort oder Ort mit mir, um ihn ans Navi des Autos zu schicken.\n"
        "\n"
        "<b>Benachrichtigungen</b>\n"
        "/alerts – Arten, Schwellen, Ruhezeiten\n"
        "/mute [Stunden] – eine Weile Ruhe"
    ),
    "help.experimental_mark": " 🧪 <i>experimentell</i>",
    "help.experimental_note": (
        "🧪 Experimentell: nicht bei jedem Auto als funktionierend gesehen; sag uns, wenn einer "
        "nichts tut."
    ),
    "help.cmd.lock": "/lock",
    "help.cmd.unlock": "/unlock",
    "help.cmd.climate": "/climate 22 [Minuten] [seats], /climate seats, /climate off",
    "help.cmd.defrost": "/defrost on|off",
    "help.cmd.seatheat": "/seatheat driver|passenger|wheel|rearleft|rearright 0-3",
    "help.cmd.seatvent": "/seatvent [driver|passenger] 0-3",
    "help.cmd.comfort": "/comfort off – alle Sitze, Lenkrad, Enteisung und Lüftung aus",
    "help.cmd.horn": "/horn",
    "help.cmd.flash": "/flash",
    "help.cmd.find": "/find – Hupe und Licht zusammen",
    "help.cmd.windows": "/windows close|vent",
    "help.cmd.sunshade": "/sunshade open|close",
    "help.cmd.trunk": "/trunk lock|unlock",
    "help.cmd.charge": "/charge start|stop|limit 50-100",
    "help.cmd.chargelid": "/chargelid open|close",
    "help.cmd.fridge": "/fridge on|off",
    "help.cmd.fragrance": "/fragrance on|off",
    "help.cmd.tracking": "/tracking on|off",
    "help.cmd.locker": "/locker lock|unlock",
    "menu.preset": "Vorwärm-Temperatur und Sitzheizung",
    "experimental.note": (
        "🧪 <i>Experimentell: dieser Befehl wurde nicht bei jedem Auto funktionieren gesehen; "
        "sag uns, wenn er nichts tut.</i>"
    ),
    "btn.confirm_experimental": "✅ Ja, versuchen (experimentell)",
    "btn.warm": "🔥 Vorwärmen",
    "btn.more": "➕ Mehr",
    "btn.less": "➖ Weniger",
    "btn.preset_down": "🌡 −0,5 °C",
    "btn.preset_up": "🌡 +0,5 °C",
    "btn.preset_seat": "{seat}: {level}",
    "btn.destination": "🧭 Ans Navi von {name}",
    "progress.warm_car": "Wärme {name} vor: Klima auf {temp} °C{duration}{heat}…",
    "progress.with_heat": " mit {parts}",
    "progress.heat_part": "{seat} {level}",
    "progress.comfort_off": "Schalte alle Sitze, Lenkrad, Enteisung und Lüftung von {name} aus…",
    "history.action.warm_car": "Vorwärmen",
    "history.action.comfort_off": "Komfort aus",
    "history.action.send_destination": "Ziel senden",
    "usage.comfort": "Verwendung: /comfort off (smart #5). Beispiel: <code>/comfort off</code>",
    "seat.rear_left": "Sitz hinten links",
    "seat.rear_right": "Sitz hinten rechts",
    "status.charging.dc": " (DC)",
    "status.charging.ac": " (AC)",
    "status.plugged_state": "🔌 Angesteckt, {state}",
    "charging_state.waiting_for_charging": "wartet aufs Laden",
    "charging_state.target_reached": "Ladeziel erreicht",
    "charging_state.fully_charged": "voll geladen",
    "charging_state.finished_fully_charged": "fertig, voll geladen",
    "charging_state.finished_not_full": "vor voll beendet",
    "charging_state.complete": "Laden abgeschlossen",
    "charging_state.error": "Ladefehler",
    "more.title": "<b>Mehr</b>",
    "more.none": "Sonst nichts gemeldet.",
    "more.range_full": "🔋 Reichweite bei 100 %: {km} km",
    "more.km": "{km} km",
    "more.days": "{n} Tagen",
    "more.service": "🔧 Wartung in {due}",
    "more.aux_charge": "{percent} % geladen",
    "more.aux_health": "Zustand {percent} %",
    "more.aux": "🔋 12-V-Batterie: {parts}",
    "more.doors_unlocked": "🔓 Offen: {doors}",
    "more.doors_locked": "🔒 Alle Türen verriegelt",
    "more.trunk_locked": "🔒 Kofferraum verriegelt",
    "more.trunk_unlocked": "🔓 Kofferraum entriegelt",
    "more.heat": "🔥 Heizung: {seats}",
    "more.heat_off": "🔥 Sitz- und Lenkradheizung aus",
    "more.vent": "💨 Lüftung: {seats}",
    "more.defrost": "❄️ Enteisung an",
    "more.windows": "🪟 Fenster offen: {windows}",
    "more.brake_on": "🅿️ Feststellbremse an",
    "more.brake_off": "🅿️ Feststellbremse aus",
    "more.fluid.brake_fluid": "Bremsflüssigkeit",
    "more.fluid.coolant": "Kühlmittel",
    "more.fluids_low": "⚠️ Niedrig: {fluids}",
    "more.fluids_ok": "🧴 Bremsflüssigkeit und Kühlmittel in Ordnung",
    "more.washer_unconfirmed": (
        "🧴 Waschwasser meldet niedrig (unbestätigt: viele Autos melden das immer)"
    ),
    "more.pm25": "🌫 Feinstaub innen (PM2,5): {value} µg/m³",
    "preset.text": (
        "<b>Vorwärmen</b>-Vorgabe\n"
        "🌡 {temp} °C · Fahrersitz {driver} · Beifahrersitz {passenger} · Lenkrad {wheel}\n"
        "Die Knöpfe ändern sie. /climate seats oder 🔥 Vorwärmen bei /status schickt Klima und "
        "Heizung in einem Befehl."
    ),
    "destination.pin": "Geteilter Standort",
    "destination.address": "\n{address}",
    "destination.offer": "📍 <b>{name}</b>{address}\nAns Navi eines Autos schicken?",
    "destination.sent": "🧭 „{place}“ ans Navi von <b>{name}</b> geschickt.",
    "destination.bad": "Dieser Ort kann nicht mehr geschickt werden. Teile ihn noch einmal.",
}
