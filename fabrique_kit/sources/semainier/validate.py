"""Check a semainier file and turn it into a :class:`Semainier`, or explain what is wrong.

Keys are written in lower case, without accents, words joined by ``_``
(``seances_exceptionnelles``, ``sur_rendez_vous``). Every problem says the file, the
line, the field (``lieux[0].creneaux[3].fin``) and what was expected, in French.

Example::

    semainier, problems = check_text(open("semainier.json").read(), "semainier.json")
    for problem in problems:
        print(problem)     # semainier.json, ligne 12, champ « … » : créneau 4 : …
"""

from __future__ import annotations

import json
import re
from datetime import time
from typing import Any

from fabrique_kit.errors import Problem
from fabrique_kit.i18n import _
from fabrique_kit.sources.semainier.fields import FieldChecker, excerpt, parse_clock, weekday_number
from fabrique_kit.sources.semainier.json_lines import Path, load_with_lines
from fabrique_kit.sources.semainier.model import (
    DAYS,
    Cancellation,
    DateRange,
    OneOff,
    Place,
    Slot,
    day_name,
)
from fabrique_kit.sources.semainier.queries import cancels, place_closure, simplify
from fabrique_kit.sources.semainier.schedule import Semainier

TOP_KEYS = {"$schema", "commentaire", "valable_du", "valable_au", "jours_feries",
            "vacances_scolaires", "fermetures", "lieux"}
PLACE_KEYS = {"nom", "adresse", "horaires", "services", "creneaux", "fermetures",
              "seances_exceptionnelles", "annulations", "commentaire"}
SESSION_KEYS = {"debut", "fin", "service", "animateur", "qui", "salle", "public",
                "sur_rendez_vous", "libre", "note", "commentaire"}
SLOT_KEYS = SESSION_KEYS | {"jour", "pendant_vacances", "du", "au"}
ONE_OFF_KEYS = SESSION_KEYS | {"date"}
CANCELLATION_KEYS = {"date", "debut", "service", "motif", "commentaire"}
CLOSURE_KEYS = {"du", "au", "date", "motif", "commentaire"}
SCHOOL_HOLIDAY_KEYS = {"du", "au", "nom", "commentaire"}

_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
_HUGE_NUMBER = re.compile(r"\d{300,}")
_JSON_MESSAGES = {  # Python's message → its French explanation (translated when shown)
    "Expecting ',' delimiter": lambda: _("une virgule « , » manque entre deux éléments"),
    "Expecting ':' delimiter": lambda: _("les deux-points « : » manquent après la clé"),
    "Expecting property name enclosed in double quotes":
        lambda: _("une clé entre guillemets doubles est attendue (virgule en trop avant « } » ?)"),
    "Expecting value": lambda: _("une valeur est attendue (virgule en trop, ou texte sans guillemets ?)"),
    "Unterminated string starting at": lambda: _("un guillemet fermant « \" » manque"),
    "Extra data": lambda: _("du texte en trop après la fin du document"),
    "Invalid control character at": lambda: _("un retour à la ligne dans un texte entre guillemets"),
    "Invalid \\escape": lambda: _("une barre oblique inverse « \\ » non valide dans un texte"),
}


def check_text(text: str, file: str | None = None) -> tuple[Semainier | None, list[Problem]]:
    """Check the JSON ``text`` of a semainier; the Semainier is None when there is an error."""
    text = text.removeprefix("\ufeff")  # Windows Notepad's byte order mark
    try:
        data, lines, duplicates = load_with_lines(text)
    except json.JSONDecodeError as error:
        return None, [json_problem(error, file)]
    except RecursionError:  # brackets nested hundreds of levels deep
        return None, [Problem(_("Le fichier contient des crochets ou accolades imbriqués beaucoup trop profondément."),
                              file=file, line=too_deep_line(text),
                              hint=_("Un semainier n'a que quelques niveaux : vérifiez les « [ » et « { » de cette ligne."))]
    except ValueError:  # a number with thousands of digits (Python refuses to convert it)
        return None, [Problem(_("Le fichier contient un nombre beaucoup trop long."),
                              file=file, line=huge_number_line(text),
                              hint=_("Les heures et les dates s'écrivent entre guillemets, par exemple \"09:30\"."))]
    checker = FieldChecker(file, lines)
    for path, _line in duplicates:
        checker.add(path, _("La clé « {key} » est écrite deux fois dans le même objet.", key=path[-1]),
                    _("Supprimez l'une des deux : seule la dernière serait lue."))
    semainier = _Validator(checker).document(data)
    problems = sorted(checker.problems, key=lambda p: p.line or 0)
    return (None if checker.has_errors else semainier), problems


def too_deep_line(text: str, limit: int = 100) -> int | None:
    """The line where brackets first nest more than ``limit`` levels deep (strings skipped).

    Example: ``too_deep_line("[" * 200 + "]" * 200)`` → ``1``
    """
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif token in "]}":
            depth -= 1
    return None


def huge_number_line(text: str) -> int | None:
    """The line of the first number of hundreds of digits, or None.

    Example: ``huge_number_line('{\\n"a": ' + "1" * 5000 + "}")`` → ``2``
    """
    match = _HUGE_NUMBER.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def json_problem(error: json.JSONDecodeError, file: str | None) -> Problem:
    """A JSON decoding error told in French, at its line and column."""
    english = error.msg
    explain = next((fr for en, fr in _JSON_MESSAGES.items() if english.startswith(en)), None)
    return Problem(
        _("Le fichier n'est pas du JSON valide, colonne {column} : {detail}.",
          column=error.colno, detail=explain() if explain else english),
        file=file, line=error.lineno,
        hint=_("Vérifiez les virgules, les guillemets doubles et les accolades autour de cette ligne."),
    )


class _Validator:
    def __init__(self, checker: FieldChecker):
        self.c = checker

    def document(self, data: Any) -> Semainier | None:
        c, root = self.c, ()
        if not c.is_object(data, root, _("le semainier")):
            return None
        what = _("le semainier")
        c.known_keys(data, root, TOP_KEYS, what)
        valid_from = c.day(data, root, "valable_du", what)
        valid_until = c.day(data, root, "valable_au", what)
        if valid_from and valid_until and valid_until < valid_from:
            c.add(("valable_au",), _("La fin de validité {last} est avant son début {first}.",
                                     last=valid_until, first=valid_from))
        holidays = c.boolean(data, root, "jours_feries", what)
        school = tuple(self.ranges(data, root, "vacances_scolaires", SCHOOL_HOLIDAY_KEYS,
                                   _("vacances {n}"), what, reason_key="nom"))
        closures = tuple(self.ranges(data, root, "fermetures", CLOSURE_KEYS, _("fermeture {n}"), what))
        if "lieux" not in data:
            c.add(root, _("Le semainier doit contenir au moins un lieu dans « lieux »."),
                  _("Ajoutez par exemple : {example}", example='"lieux": [ { "nom": "…" } ]'))
        places_data = c.items(data, root, "lieux", what)
        if "lieux" in data and not places_data:
            c.add(("lieux",), _("Le semainier doit contenir au moins un lieu dans « lieux »."))
        places = []
        for index, place_data in enumerate(places_data):
            place = self.place(place_data, ("lieux", index), index + 1)
            if place is not None:
                places.append(place)
        self.check_place_names(places)
        semainier = Semainier(places=tuple(places), valid_from=valid_from, valid_until=valid_until,
                              public_holidays=holidays is not False, school_holidays=school,
                              closures=closures)
        if not c.has_errors:  # indexes of places and one-offs are those of the file
            for index, place in enumerate(places):
                self.check_one_offs(semainier, place, ("lieux", index))
        return semainier

    def check_place_names(self, places: list[Place]) -> None:
        seen: dict[str, int] = {}
        for index, place in enumerate(places):
            key = simplify(place.name)
            if key in seen:
                self.c.add(("lieux", index, "nom"), _("Deux lieux portent le même nom « {name} ».", name=place.name))
            seen[key] = index

    # -- pieces ----------------------------------------------------------------
    def ranges(self, data: dict, path: Path, key: str, allowed: set[str], label: str,
               what: str, reason_key: str = "motif") -> list[DateRange]:
        """Date ranges (closures, school holidays): ``du`` + ``au``, or one ``date``."""
        c, found = self.c, []
        for index, item in enumerate(c.items(data, path, key, what)):
            item_path, what = path + (key, index), label.format(n=index + 1)
            if not c.is_object(item, item_path, what):
                continue
            c.known_keys(item, item_path, allowed, what)
            if "date" in allowed and "date" in item:
                first = last = c.day(item, item_path, "date", what, required=True)
                if "du" in item or "au" in item:
                    c.add(item_path + ("date",), _("{what} : écrivez soit « date », soit « du » et « au », pas les deux.",
                                                   what=what))
            else:
                first = c.day(item, item_path, "du", what, required=True)
                last = c.day(item, item_path, "au", what, required=True)
            reason = c.text(item, item_path, reason_key, what)
            if first and last and last < first:
                c.add(item_path + ("au",), _("{what} : la date de fin {last} est avant la date de début {first}.",
                                             what=what, last=last, first=first))
            elif first and last:
                found.append(DateRange(first, last, reason))
        return found

    def place(self, data: Any, path: Path, number: int) -> Place | None:
        c, what = self.c, _("lieu {n}", n=number)
        if not c.is_object(data, path, what):
            return None
        c.known_keys(data, path, PLACE_KEYS, what)
        name = c.text(data, path, "nom", what, required=True)
        hours = self.opening_hours(data, path, what)
        slots = self.each(data, path, "creneaux", _("créneau {n}"), self.slot, what)
        one_offs = self.each(data, path, "seances_exceptionnelles", _("séance exceptionnelle {n}"),
                             self.one_off, what)
        cancellations = self.each(data, path, "annulations", _("annulation {n}"), self.cancellation, what)
        place = Place(
            name=name or "", address=c.text(data, path, "adresse", what), hours=hours,
            slots=tuple(slots.values()),
            closures=tuple(self.ranges(data, path, "fermetures", CLOSURE_KEYS, _("fermeture {n}"), what)),
            one_offs=tuple(one_offs.values()), cancellations=tuple(cancellations.values()),
            services=c.text_list(data, path, "services", what),
        )
        self.check_overlaps(path, place, slots)
        self.check_cancellations(path, place, cancellations)
        return place if name else None

    def each(self, data: dict, path: Path, key: str, label: str, read, what: str) -> dict[int, Any]:
        """Read every item of the list ``data[key]``: ``{index in the file: value}``."""
        found = {}
        for index, item in enumerate(self.c.items(data, path, key, what)):
            item_path, item_what = path + (key, index), label.format(n=index + 1)
            if self.c.is_object(item, item_path, item_what):
                value = read(item, item_path, item_what)
                if value is not None:
                    found[index] = value
        return found

    def times(self, data: dict, path: Path, what: str) -> tuple[time, time] | None:
        start = self.c.clock(data, path, "debut", what, required=True)
        end = self.c.clock(data, path, "fin", what, required=True)
        if start is None or end is None:
            return None
        if end < start:
            self.c.add(path + ("fin",), _("{what} : la fin {end} est avant le début {start}.",
                                          what=what, end=end.strftime("%H:%M"), start=start.strftime("%H:%M")))
            return None
        if end == start:
            self.c.add(path + ("fin",), _("{what} : le début et la fin sont tous deux à {start}.",
                                          what=what, start=start.strftime("%H:%M")))
            return None
        return start, end

    def session_fields(self, data: dict, path: Path, what: str, allowed: set[str]) -> dict | None:
        c = self.c
        c.known_keys(data, path, allowed, what)
        span = self.times(data, path, what)
        service = c.text(data, path, "service", what, required=True)
        who = c.text(data, path, "animateur", what)
        if "qui" in data and "animateur" in data:
            c.add(path + ("qui",), _("{what} : « animateur » et « qui » disent la même chose ; gardez-en un seul.", what=what))
        who = who or c.text(data, path, "qui", what)
        by_appointment = c.boolean(data, path, "sur_rendez_vous", what)
        free = c.boolean(data, path, "libre", what)
        if by_appointment is not None and free is not None and by_appointment == free:
            c.add(path + ("libre",), _("{what} : « sur_rendez_vous » et « libre » se contredisent.", what=what),
                  _("Gardez seulement l'un des deux."))
        drop_in = (not by_appointment) if by_appointment is not None else (free is not False)
        if span is None or service is None:
            return None
        return dict(start=span[0], end=span[1], service=service, who=who,
                    room=c.text(data, path, "salle", what), public=c.text(data, path, "public", what),
                    drop_in=drop_in, note=c.text(data, path, "note", what))

    def slot(self, data: dict, path: Path, what: str) -> Slot | None:
        c = self.c
        weekday = c.weekday(data, path, "jour", what)
        fields = self.session_fields(data, path, what, SLOT_KEYS)
        during = c.boolean(data, path, "pendant_vacances", what)
        first, last = c.day(data, path, "du", what), c.day(data, path, "au", what)
        if first and last and last < first:
            c.add(path + ("au",), _("{what} : la date de fin {last} est avant la date de début {first}.",
                                    what=what, last=last, first=first))
        if weekday is None or fields is None:
            return None
        return Slot(weekday=weekday, during_school_holidays=during is not False,
                    valid_from=first, valid_until=last, **fields)

    def one_off(self, data: dict, path: Path, what: str) -> OneOff | None:
        day = self.c.day(data, path, "date", what, required=True)
        fields = self.session_fields(data, path, what, ONE_OFF_KEYS)
        if day is None or fields is None:
            return None
        return OneOff(day=day, **fields)

    def cancellation(self, data: dict, path: Path, what: str) -> Cancellation | None:
        c = self.c
        c.known_keys(data, path, CANCELLATION_KEYS, what)
        day = c.day(data, path, "date", what, required=True)
        start = c.clock(data, path, "debut", what)
        service = c.text(data, path, "service", what)
        if "debut" not in data and "service" not in data:
            c.add(path, _("{what} : indiquez le « debut » ou le « service » du créneau annulé.", what=what),
                  _("Pour fermer toute la journée, utilisez plutôt « fermetures »."))
            return None
        if "debut" in data and (data["debut"] is None or (isinstance(data["debut"], str)
                                                          and not data["debut"].strip())):
            c.add(path + ("debut",), _("{what} : « debut » est vide.", what=what),
                  _("Écrivez l'heure de début du créneau annulé (par exemple \"09:30\"), ou retirez la clé "
                    "« debut » pour annuler toutes les séances du service ce jour-là."))
            return None
        if day is None or ("debut" in data and start is None):
            return None
        return Cancellation(day=day, start=start, service=service, reason=c.text(data, path, "motif", what))

    def opening_hours(self, data: dict, path: Path, what: str) -> tuple[tuple[tuple[time, time], ...], ...]:
        c = self.c
        hours: list[tuple[tuple[time, time], ...]] = [()] * 7
        value = data.get("horaires")
        if value is None:
            return tuple(hours)
        hours_path = path + ("horaires",)
        if not c.is_object(value, hours_path, _("{what}, horaires", what=what)):
            return tuple(hours)
        for key, ranges in value.items():
            if key == "commentaire":
                continue
            number = weekday_number(key)
            if number is None:
                c.add(hours_path + (key,), _("{what} : le jour « {value} » est inconnu.", what=what, value=excerpt(key)),
                      _("Jours possibles : {choices}.", choices=", ".join(DAYS)))
                continue
            if hours[number]:
                c.add(hours_path + (key,), _("{what} : les horaires du {day} sont écrits deux fois.",
                                             what=what, day=day_name(number)))
            hours[number] = self.day_hours(ranges, hours_path + (key,), what)
        return tuple(hours)

    def day_hours(self, value: Any, path: Path, what: str) -> tuple[tuple[time, time], ...]:
        parts = value if isinstance(value, list) else str(value).split(",")
        if isinstance(value, str) and simplify(value) in ("", "ferme"):
            return ()
        spans: list[tuple[time, time]] = []
        for part in parts:
            pieces = str(part).split("-")
            opens = parse_clock(pieces[0]) if len(pieces) == 2 else None
            closes = parse_clock(pieces[1]) if len(pieces) == 2 else None
            if not isinstance(part, str) or opens is None or closes is None or closes <= opens:
                self.c.add(path, _("{what} : les horaires « {value} » ne sont pas valides.", what=what, value=excerpt(part)),
                           _("Écrivez par exemple « 09:00-12:30, 13:30-18:00 », ou « fermé »."))
                return ()
            spans.append((opens, closes))
        spans.sort()
        for (_a, end), (start, _b) in zip(spans, spans[1:], strict=False):
            if start < end:
                self.c.add(path, _("{what} : deux plages d'horaires se chevauchent.", what=what))
        return tuple(spans)

    # -- consistency -----------------------------------------------------------
    def check_overlaps(self, path: Path, place: Place, slots: dict[int, Slot]) -> None:
        indexed = sorted(slots.items())
        # sorted by day, room and start, each slot is compared with the one reaching the
        # latest before it (n log n: a file of 10,000 slots is checked at once)
        in_rooms = sorted((s.weekday, s.room, s.start, i) for i, s in indexed if s.room)
        latest: tuple[int, int, str | None] | None = None  # (index, weekday, room) ending last
        for weekday, room, start, j in in_rooms:
            if latest and latest[1:] == (weekday, room) and start < slots[latest[0]].end:
                i = latest[0]
                first, second = min(i, j), max(i, j)
                self.c.warn(path + ("creneaux", second),
                            _("créneau {n} : il chevauche le créneau {other} dans la salle « {room} » le {day}.",
                              n=second + 1, other=first + 1, room=room, day=day_name(weekday)))
            if not latest or latest[1:] != (weekday, room) or slots[j].end > slots[latest[0]].end:
                latest = (j, weekday, room)
        for i, slot in indexed:
            opening = place.hours[slot.weekday]
            if any(place.hours) and not any(a <= slot.start and slot.end <= b for a, b in opening):
                self.c.warn(path + ("creneaux", i),
                            _("créneau {n} : il déborde des horaires d'ouverture du lieu le {day}.",
                              n=i + 1, day=day_name(slot.weekday)))

    def check_cancellations(self, path: Path, place: Place, cancellations: dict[int, Cancellation]) -> None:
        for index, cancel in cancellations.items():
            if not any(cancels(cancel, slot) for slot in place.slots):
                self.c.add(path + ("annulations", index),
                           _("annulation {n} : aucun créneau de ce lieu ne correspond le {day} {date}.",
                             n=index + 1, day=day_name(cancel.day.weekday()), date=cancel.day.isoformat()),
                           _("Vérifiez la date, l'heure de début et le service du créneau à annuler."))

    def check_one_offs(self, semainier: Semainier, place: Place, path: Path) -> None:
        for index, one in enumerate(place.one_offs):
            reason = place_closure(semainier, place, one.day)
            if reason:
                self.c.warn(path + ("seances_exceptionnelles", index),
                            _("séance exceptionnelle {n} : le lieu est fermé ce jour-là ({reason}), elle ne sera pas affichée.",
                              n=index + 1, reason=reason))

