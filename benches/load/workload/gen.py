#!/usr/bin/env python3
"""Generates the load benchmark's workload: OCPI 2.2.1 Location objects as NDJSON.

    python3 benches/load/workload/gen.py [--count 100000] [--seed 221] [--invalid 0.10] [--out DIR]

Writes, by default under <repo>/target/bench/workload/ (git-ignored):

    payloads.ndjson          one compact JSON document per line (UTF-8, non-ASCII names kept)
    payloads.ndjson.labels   one line per payload: "valid", or "invalid<TAB>mutation,mutation,..."
    payloads-1k.ndjson       the first 1,000 lines (what the HTTP load rotates over)

The payloads follow benches/load/workload/schema.json. About --invalid of them (10% by default)
are broken on purpose by 1-3 mutations each (missing required fields at every level, wrong types,
pattern and enum misses, numbers out of range, bad date-times and URIs, unknown properties on
closed objects, over-long strings, empty arrays, duplicates, the publish/publish_allowed_to
conditional). The labels say what the generator meant; the validators are the judges.

Python 3.11 standard library only. Deterministic: the same arguments give byte-identical files.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MAX_BYTES = 3500
LATITUDE = re.compile(r"-?[0-9]{1,2}\.[0-9]{5,7}")
LONGITUDE = re.compile(r"-?[0-9]{1,3}\.[0-9]{5,7}")

# (city, country alpha-3, country_code alpha-2, time zone, latitude, longitude, postcode style)
CITIES = [
    ("London", "GBR", "GB", "Europe/London", 51.5072, -0.1276, "uk"),
    ("Croydon", "GBR", "GB", "Europe/London", 51.3762, -0.0982, "uk"),
    ("Manchester", "GBR", "GB", "Europe/London", 53.4808, -2.2426, "uk"),
    ("Edinburgh", "GBR", "GB", "Europe/London", 55.9533, -3.1883, "uk"),
    ("Amsterdam", "NLD", "NL", "Europe/Amsterdam", 52.3676, 4.9041, "nl"),
    ("Den Haag", "NLD", "NL", "Europe/Amsterdam", 52.0705, 4.3007, "nl"),
    ("München", "DEU", "DE", "Europe/Berlin", 48.1351, 11.5820, "num5"),
    ("Köln", "DEU", "DE", "Europe/Berlin", 50.9375, 6.9603, "num5"),
    ("Düsseldorf", "DEU", "DE", "Europe/Berlin", 51.2277, 6.7735, "num5"),
    ("Zürich", "CHE", "CH", "Europe/Zurich", 47.3769, 8.5417, "num4"),
    ("Genève", "CHE", "CH", "Europe/Zurich", 46.2044, 6.1432, "num4"),
    ("Liège", "BEL", "BE", "Europe/Brussels", 50.6326, 5.5797, "num4"),
    ("Bruxelles", "BEL", "BE", "Europe/Brussels", 50.8503, 4.3517, "num4"),
    ("Kraków", "POL", "PL", "Europe/Warsaw", 50.0647, 19.9450, "pl"),
    ("Łódź", "POL", "PL", "Europe/Warsaw", 51.7592, 19.4560, "pl"),
    ("København", "DNK", "DK", "Europe/Copenhagen", 55.6761, 12.5683, "num4"),
    ("Malmö", "SWE", "SE", "Europe/Stockholm", 55.6050, 13.0038, "se"),
    ("Göteborg", "SWE", "SE", "Europe/Stockholm", 57.7089, 11.9746, "se"),
    ("Tromsø", "NOR", "NO", "Europe/Oslo", 69.6492, 18.9553, "num4"),
    ("Lisboa", "PRT", "PT", "Europe/Lisbon", 38.7223, -9.1393, "pt"),
    ("A Coruña", "ESP", "ES", "Europe/Madrid", 43.3623, -8.4115, "num5"),
    ("Málaga", "ESP", "ES", "Europe/Madrid", 36.7213, -4.4214, "num5"),
    ("Besançon", "FRA", "FR", "Europe/Paris", 47.2378, 6.0241, "num5"),
    ("Paris", "FRA", "FR", "Europe/Paris", 48.8566, 2.3522, "num5"),
    ("Reykjavík", "ISL", "IS", "Atlantic/Reykjavik", 64.1466, -21.9426, "num3"),
    ("São Paulo", "BRA", "BR", "America/Sao_Paulo", -23.5505, -46.6333, "br"),
    ("Montréal", "CAN", "CA", "America/Toronto", 45.5019, -73.5674, "ca"),
    ("Los Angeles", "USA", "US", "America/Los_Angeles", 34.0522, -118.2437, "num5"),
    ("Auckland", "NZL", "NZ", "Pacific/Auckland", -36.8485, 174.7633, "num4"),
    ("Cape Town", "ZAF", "ZA", "Africa/Johannesburg", -33.9249, 18.4241, "num4"),
]
STREETS = [
    "High Street", "Station Road", "Church Lane", "Marktplatz", "Hauptstraße", "Bahnhofstraße",
    "Königsallee", "Rue de la République", "Avenue des Champs-Élysées", "Rua Augusta",
    "Calle de Alcalá", "Prinsengracht", "Damrak", "ulica Floriańska", "Strøget", "Drottninggatan",
    "Karl Johans gate", "Laugavegur", "Avenida Paulista", "Rue Sainte-Catherine", "Wilshire Boulevard",
    "Queen Street", "Long Street", "Gran Vía", "Boulevard Saint-Germain", "Brick Lane",
    "Kurfürstendamm", "Niederdorfstrasse", "Piotrkowska", "Nyhavn",
]
SITE_KINDS = [
    "Car Park", "Retail Park", "Park & Ride", "Hub", "Supermarket", "Leisure Centre", "Station",
    "Business Park", "Hotel", "Motorway Services", "Kerbside", "Garage",
]
PARTIES = [("GB", "BPE"), ("GB", "SRC"), ("GB", "CKL"), ("NL", "ALF"), ("NL", "EVB"), ("DE", "ION"),
           ("DE", "EBW"), ("FR", "TOT"), ("BE", "ALL"), ("CH", "MOV"), ("SE", "CLE"), ("NO", "FOR")]
OPERATORS = [
    ("BP Pulse", "https://www.bppulse.co.uk"), ("Source London", "https://www.sourcelondon.net"),
    ("char.gy", "https://char.gy"), ("Allego", "https://www.allego.eu"),
    ("IONITY", "https://ionity.eu"), ("EnBW", "https://www.enbw.com"),
    ("Fastned", "https://fastnedcharging.com"), ("Shell Recharge", "https://www.shell.com/recharge"),
    ("Tesla", "https://www.tesla.com/supercharger"), ("Østkraft Lading", "https://example.org/ostkraft"),
]
PARKING_TYPES = ["ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET",
                 "UNDERGROUND_GARAGE"]
FACILITIES = ["HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT", "RECREATION_AREA",
              "NATURE", "MUSEUM", "BIKE_SHARING", "BUS_STOP", "TAXI_STAND", "TRAM_STOP",
              "METRO_STATION", "TRAIN_STATION", "AIRPORT", "PARKING_LOT", "CARPOOL_PARKING",
              "FUEL_STATION", "WIFI"]
STATUSES = ["AVAILABLE"] * 6 + ["CHARGING"] * 3 + ["BLOCKED", "INOPERATIVE", "OUTOFORDER",
                                                     "PLANNED", "REMOVED", "RESERVED", "UNKNOWN"]
CAPABILITIES = ["CHARGING_PROFILE_CAPABLE", "CHARGING_PREFERENCES_CAPABLE", "CHIP_CARD_SUPPORT",
                "CONTACTLESS_CARD_SUPPORT", "CREDIT_CARD_PAYABLE", "DEBIT_CARD_PAYABLE",
                "PED_TERMINAL", "REMOTE_START_STOP_CAPABLE", "RESERVABLE", "RFID_READER",
                "START_SESSION_CONNECTOR_REQUIRED", "TOKEN_GROUP_CAPABLE", "UNLOCK_CAPABLE"]
PARKING_RESTRICTIONS = ["EV_ONLY", "PLUGGED", "DISABLED", "CUSTOMERS", "MOTORCYCLES"]
# (standard, format, power_type, max_voltage, max_amperage): the common real combinations
CONNECTOR_KINDS = [
    ("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 400, 32),
    ("IEC_62196_T2", "SOCKET", "AC_3_PHASE", 400, 16),
    ("IEC_62196_T2", "CABLE", "AC_3_PHASE", 400, 63),
    ("IEC_62196_T2", "SOCKET", "AC_1_PHASE", 230, 32),
    ("IEC_62196_T2_COMBO", "CABLE", "DC", 920, 500),
    ("IEC_62196_T2_COMBO", "CABLE", "DC", 1000, 350),
    ("IEC_62196_T2_COMBO", "CABLE", "DC", 500, 125),
    ("CHADEMO", "CABLE", "DC", 500, 125),
    ("IEC_62196_T1", "CABLE", "AC_1_PHASE", 240, 32),
    ("IEC_62196_T1_COMBO", "CABLE", "DC", 500, 200),
    ("DOMESTIC_G", "SOCKET", "AC_1_PHASE", 230, 13),
    ("DOMESTIC_F", "SOCKET", "AC_1_PHASE", 230, 16),
    ("TESLA_S", "CABLE", "DC", 480, 300),
    ("NEMA_14_50", "SOCKET", "AC_2_PHASE_SPLIT", 240, 50),
]
LANGUAGES = ["en", "nl", "de", "fr", "es", "pt", "pl", "sv", "da", "no"]
DIRECTIONS = [
    "Enter via the barrier on the left; chargers are on level -1 beside the lifts.",
    "Bays are at the rear of the car park, next to the trolley shelter.",
    "Folgen Sie der Beschilderung „E-Laden“ bis zur zweiten Ebene.",
    "Les bornes se trouvent à droite après l'entrée principale.",
    "Los cargadores están junto a la salida de la autopista, frente a la cafetería.",
    "Kerbside bays opposite number 42; pay and display rules apply outside charging.",
]


def rnd_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def rnd_upper(rng: random.Random, n: int, alphabet: str = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid4(rng: random.Random) -> str:
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.randrange(4)]}{h[17:20]}-{h[20:]}"


def timestamp(rng: random.Random, year: int = 2024) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    base = f"{year}-{month:02d}-{day:02d}T{hh:02d}:{mm:02d}:{ss:02d}"
    r = rng.random()
    if r < 0.75:
        return base + "Z"
    if r < 0.92:
        return base + f".{rnd_digits(rng, 3)}Z"
    return base + rng.choice(["+00:00", "+01:00", "+02:00", "-03:00"])


def coordinate(rng: random.Random, centre: float, spread: float) -> str:
    value = centre + rng.uniform(-spread, spread)
    return f"{value:.{rng.randint(5, 7)}f}"


def postcode(rng: random.Random, style: str) -> str:
    letters = "ABCDEFGHJKLMNPRSTUWXYZ"
    if style == "uk":
        return f"{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    if style == "nl":
        return f"{rng.randint(1000, 9999)} {rng.choice(letters)}{rng.choice(letters)}"
    if style == "pl":
        return f"{rng.randint(10, 99)}-{rng.randint(100, 999)}"
    if style == "se":
        return f"{rng.randint(100, 999)} {rng.randint(10, 99)}"
    if style == "pt":
        return f"{rng.randint(1000, 9999)}-{rng.randint(100, 999)}"
    if style == "br":
        return f"{rng.randint(10000, 99999)}-{rng.randint(100, 999)}"
    if style == "ca":
        return f"H{rng.randint(1, 9)}{rng.choice(letters)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.randint(1, 9)}"
    return rnd_digits(rng, int(style[3:]))


def display_text(rng: random.Random, text: str) -> dict:
    return {"language": rng.choice(LANGUAGES), "text": text}


def image(rng: random.Random, category: str | None = None) -> dict:
    ext = rng.choice(["jpg", "png", "webp"])
    img = {"url": f"https://img.example.org/{rnd_upper(rng, 10).lower()}.{ext}",
           "category": category or rng.choice(["CHARGER", "ENTRANCE", "LOCATION", "OTHER"]),
           "type": ext}
    if rng.random() < 0.6:
        img["thumbnail"] = img["url"].replace(f".{ext}", f"-thumb.{ext}")
        img["width"], img["height"] = rng.choice([(1024, 768), (1920, 1080), (800, 600)])
    return img


def business(rng: random.Random) -> dict:
    name, site = rng.choice(OPERATORS)
    out = {"name": name}
    if rng.random() < 0.8:
        out["website"] = site
    if rng.random() < 0.25:
        out["logo"] = image(rng, "OPERATOR")
    return out


def connector(rng: random.Random, n: int, updated: str, tariffs: list[str]) -> dict:
    standard, fmt, power, volts, amps = rng.choice(CONNECTOR_KINDS)
    c = {"id": str(n), "standard": standard, "format": fmt, "power_type": power,
         "max_voltage": volts, "max_amperage": amps}
    if rng.random() < 0.7:
        # watts: line-to-line voltage x current x sqrt(3) for three-phase AC, else voltage x current
        c["max_electric_power"] = int(volts * amps * (1.732 if power == "AC_3_PHASE" else 1))
    if tariffs and rng.random() < 0.8:
        c["tariff_ids"] = rng.sample(tariffs, rng.randint(1, min(2, len(tariffs))))
    if rng.random() < 0.2:
        c["terms_and_conditions"] = "https://example.org/terms/charging"
    c["last_updated"] = updated
    return c


def evse(rng: random.Random, country_code: str, party: str, n: int, lat: str, lon: str,
         updated: str, tariffs: list[str]) -> dict:
    e = {"uid": f"{rnd_upper(rng, 6)}-{n}"}
    if rng.random() < 0.85:
        e["evse_id"] = f"{country_code}*{party}*E{rnd_upper(rng, rng.randint(6, 12))}"
    e["status"] = rng.choice(STATUSES)
    if rng.random() < 0.1:
        e["status_schedule"] = [{"period_begin": timestamp(rng, 2025), "period_end": timestamp(rng, 2026),
                                 "status": "INOPERATIVE"}]
    if rng.random() < 0.9:
        e["capabilities"] = sorted(rng.sample(CAPABILITIES, rng.randint(1, 5)), key=CAPABILITIES.index)
    e["connectors"] = [connector(rng, i + 1, updated, tariffs) for i in range(rng.choice([1, 1, 1, 2, 2, 3]))]
    if rng.random() < 0.3:
        e["floor_level"] = rng.choice(["0", "-1", "1", "2", "B2"])
    if rng.random() < 0.4:
        e["coordinates"] = {"latitude": lat, "longitude": lon}
    if rng.random() < 0.5:
        e["physical_reference"] = f"{rng.randint(1, 40):02d}"
    if rng.random() < 0.15:
        e["directions"] = [display_text(rng, rng.choice(DIRECTIONS))]
    if rng.random() < 0.3:
        e["parking_restrictions"] = rng.sample(PARKING_RESTRICTIONS, rng.randint(1, 2))
    if rng.random() < 0.1:
        e["images"] = [image(rng, "CHARGER")]
    e["last_updated"] = updated
    return e


def opening_times(rng: random.Random) -> dict:
    if rng.random() < 0.6:
        hours: dict = {"twentyfourseven": True}
    else:
        begin, end = rng.choice([("06:00", "22:00"), ("07:30", "19:00"), ("08:00", "20:00"), ("00:00", "24:00")])
        days = range(1, 8) if rng.random() < 0.6 else range(1, 6)
        hours = {"twentyfourseven": False,
                 "regular_hours": [{"weekday": d, "period_begin": begin, "period_end": end} for d in days]}
    if rng.random() < 0.15:
        hours["exceptional_closings"] = [{"period_begin": "2024-12-25T00:00:00Z", "period_end": "2024-12-26T00:00:00Z"}]
    if rng.random() < 0.05:
        hours["exceptional_openings"] = [{"period_begin": "2024-12-24T22:00:00Z", "period_end": "2024-12-25T02:00:00Z"}]
    return hours


def energy_mix(rng: random.Random) -> dict:
    green = rng.random() < 0.6
    mix: dict = {"is_green_energy": green}
    if rng.random() < 0.6:
        if green:
            mix["energy_sources"] = [{"source": "WIND", "percentage": 60}, {"source": "SOLAR", "percentage": 40}]
        else:
            a = rng.randint(20, 60)
            mix["energy_sources"] = [{"source": "GENERAL_GREEN", "percentage": a},
                                     {"source": "GAS", "percentage": round((100 - a) * 0.7, 1)},
                                     {"source": "NUCLEAR", "percentage": round((100 - a) * 0.3, 1)}]
    if not green and rng.random() < 0.4:
        mix["environ_impact"] = [{"category": "CARBON_DIOXIDE", "amount": round(rng.uniform(50, 400), 1)},
                                 {"category": "NUCLEAR_WASTE", "amount": round(rng.uniform(0, 0.01), 4)}]
    if rng.random() < 0.7:
        mix["supplier_name"] = rng.choice(["Octopus Energy", "Vattenfall", "Eneco", "E.ON Next", "Énergie Verte"])
    if rng.random() < 0.5:
        mix["energy_product_name"] = rng.choice(["100% Green", "Ökostrom Plus", "Fixed 12M", "Wind & Sun"])
    return mix


def location(rng: random.Random, index: int) -> dict:
    """One valid Location; the richness varies so sizes run from ~0.4 KB to ~3.5 KB."""
    city, country, country_code_, tz, clat, clon, pc_style = rng.choice(CITIES)
    cc, party = rng.choice(PARTIES)
    rich = rng.random()  # 0 = bare minimum, 1 = everything
    lat, lon = coordinate(rng, clat, 0.08), coordinate(rng, clon, 0.12)
    updated = timestamp(rng)
    street = rng.choice(STREETS)
    doc: dict = {"country_code": cc, "party_id": party,
                 "id": f"LOC{index:07d}" if rng.random() < 0.5 else uuid4(rng),
                 "publish": rng.random() < 0.93}
    if not doc["publish"] and rng.random() < 0.6:
        doc["publish_allowed_to"] = [{"type": "APP_USER", "issuer": rng.choice(OPERATORS)[0]}]
    if rich > 0.03:
        doc["name"] = f"{street} {rng.choice(SITE_KINDS)}"
    doc["address"] = f"{rng.randint(1, 250)} {street}"
    doc["city"] = city
    if rich > 0.02:
        doc["postal_code"] = postcode(rng, pc_style)
    doc["country"] = country
    doc["coordinates"] = {"latitude": lat, "longitude": lon}
    if rich > 0.85:
        doc["related_locations"] = [{"latitude": coordinate(rng, float(lat), 0.001),
                                     "longitude": coordinate(rng, float(lon), 0.001),
                                     "name": display_text(rng, "Entrance")}]
    if rich > 0.2:
        doc["parking_type"] = rng.choice(PARKING_TYPES)
    tariffs = [f"{cc}-{party}-T{rng.randint(1, 99):02d}" for _ in range(rng.randint(0, 3))]
    n_evse = 1 if rich < 0.4 else rng.choice([1, 2, 2, 2, 3, 4])
    doc["evses"] = [evse(rng, cc, party, i + 1, lat, lon, updated, tariffs) for i in range(n_evse)]
    if rich > 0.7:
        doc["directions"] = [display_text(rng, rng.choice(DIRECTIONS))]
    if rich > 0.3:
        doc["operator"] = business(rng)
    if rich > 0.8:
        doc["suboperator"] = business(rng)
    if rich > 0.6:
        doc["owner"] = business(rng)
    if rich > 0.4:
        doc["facilities"] = rng.sample(FACILITIES, rng.randint(1, 4))
    doc["time_zone"] = tz
    if rich > 0.25:
        doc["opening_times"] = opening_times(rng)
    if rich > 0.5 and rng.random() < 0.5:
        doc["charging_when_closed"] = rng.random() < 0.8
    if rich > 0.75:
        doc["images"] = [image(rng, "LOCATION")]
    if rich > 0.55:
        doc["energy_mix"] = energy_mix(rng)
    doc["last_updated"] = updated
    # Keep the largest documents under MAX_BYTES by dropping optional extras, biggest first.
    for key in ("images", "energy_mix", "suboperator", "owner", "related_locations", "directions"):
        if len(dump(doc).encode("utf-8")) <= MAX_BYTES:
            break
        doc.pop(key, None)
    while len(dump(doc).encode("utf-8")) > MAX_BYTES and len(doc["evses"]) > 1:
        doc["evses"].pop()
    return doc


# ---------------------------------------------------------------------------------------------
# Mutations: each takes (rng, doc), breaks the document in one way the schema must reject, and
# returns True; or returns False when it does not apply to this document (another is then tried).


def _evse(rng, doc):
    evses = doc.get("evses")
    return rng.choice(evses) if isinstance(evses, list) and evses and isinstance(evses[0], dict) else None


def _connector(rng, doc):
    e = _evse(rng, doc)
    cs = e.get("connectors") if e else None
    return rng.choice(cs) if isinstance(cs, list) and cs and isinstance(cs[0], dict) else None


def m_missing_location(rng, doc):
    key = rng.choice(["country_code", "party_id", "id", "publish", "address", "city", "country",
                      "coordinates", "time_zone", "last_updated"])
    return doc.pop(key, None) is not None


def m_missing_evse(rng, doc):
    e = _evse(rng, doc)
    return e is not None and e.pop(rng.choice(["uid", "status", "connectors", "last_updated"]), None) is not None


def m_missing_connector(rng, doc):
    c = _connector(rng, doc)
    key = rng.choice(["id", "standard", "format", "power_type", "max_voltage", "max_amperage", "last_updated"])
    return c is not None and c.pop(key, None) is not None


def m_missing_coordinate(rng, doc):
    co = doc.get("coordinates")
    return isinstance(co, dict) and co.pop(rng.choice(["latitude", "longitude"]), None) is not None


def m_type_publish(rng, doc):
    if not isinstance(doc.get("publish"), bool):
        return False
    doc["publish"] = rng.choice(["true", "false", 1, 0])
    return True


def m_type_number_as_string(rng, doc):
    c = _connector(rng, doc)
    if c is None or not isinstance(c.get("max_voltage"), int):
        return False
    key = rng.choice(["max_voltage", "max_amperage"])
    if key not in c:
        return False
    c[key] = str(c[key])
    return True


def m_type_coordinates_numbers(rng, doc):
    co = doc.get("coordinates")
    if not isinstance(co, dict) or not LATITUDE.fullmatch(str(co.get("latitude"))) \
            or not LONGITUDE.fullmatch(str(co.get("longitude"))):
        return False
    co["latitude"], co["longitude"] = float(co["latitude"]), float(co["longitude"])
    return True


def m_type_container(rng, doc):
    choice = rng.randrange(3)
    if choice == 0 and isinstance(doc.get("evses"), list) and doc["evses"]:
        doc["evses"] = doc["evses"][0]  # an object where an array belongs
        return True
    if choice == 1 and isinstance(doc.get("coordinates"), dict):
        co = doc["coordinates"]
        doc["coordinates"] = [co.get("latitude"), co.get("longitude")]
        return True
    if choice == 2 and isinstance(doc.get("facilities"), list):
        doc["facilities"] = ",".join(str(f) for f in doc["facilities"])
        return True
    return False


def m_null_required(rng, doc):
    key = rng.choice(["id", "address", "city", "time_zone"])
    if key not in doc:
        return False
    doc[key] = None
    return True


def m_pattern_country(rng, doc):
    choice = rng.randrange(3)
    if choice == 0 and isinstance(doc.get("country_code"), str):
        doc["country_code"] = doc["country_code"].lower()
    elif choice == 1 and isinstance(doc.get("party_id"), str):
        doc["party_id"] = doc["party_id"] + "X"
    elif choice == 2 and isinstance(doc.get("country"), str):
        doc["country"] = doc["country"][:2]  # alpha-2 where alpha-3 belongs
    else:
        return False
    return True


def m_pattern_latitude(rng, doc):
    co = doc.get("coordinates")
    if not isinstance(co, dict) or not LATITUDE.fullmatch(str(co.get("latitude"))):
        return False
    value = float(co["latitude"])
    co["latitude"] = rng.choice([f"{value:.4f}", f"{value:.9f}", f"{value:.5f}".replace(".", ","), f"{value * 10:.5f}"])
    return True


def m_pattern_longitude(rng, doc):
    co = doc.get("coordinates")
    if not isinstance(co, dict) or not LONGITUDE.fullmatch(str(co.get("longitude"))):
        return False
    value = float(co["longitude"])
    co["longitude"] = rng.choice([f"{value:.3f}", f"{value:.0f}", f"{value:.6f}E", f"+{abs(value):.5f}"])
    return True


def m_pattern_hours(rng, doc):
    hours = doc.get("opening_times")
    regular = hours.get("regular_hours") if isinstance(hours, dict) else None
    if not isinstance(regular, list) or not regular or not isinstance(regular[0], dict):
        return False
    rng.choice(regular)["period_begin"] = rng.choice(["9:00", "25:00", "08.00", "0800", "08:60"])
    return True


def m_pattern_language(rng, doc):
    texts = [d for d in doc.get("directions", []) if isinstance(d, dict)] if isinstance(doc.get("directions"), list) else []
    if not texts:
        return False
    rng.choice(texts)["language"] = rng.choice(["eng", "EN", "en-GB", ""])
    return True


def m_enum_status(rng, doc):
    e = _evse(rng, doc)
    if e is None or "status" not in e:
        return False
    e["status"] = rng.choice(["OCCUPIED", "available", "OUT_OF_ORDER", "FAULTED", ""])
    return True


def m_enum_connector(rng, doc):
    c = _connector(rng, doc)
    if c is None:
        return False
    key, bad = rng.choice([("standard", ["TYPE2", "CCS", "IEC_62196_T2_CCS", "iec_62196_t2"]),
                           ("format", ["PLUG", "TETHERED", "cable"]),
                           ("power_type", ["AC", "AC_3", "DC_FAST", "THREE_PHASE"])])
    if key not in c:
        return False
    c[key] = rng.choice(bad)
    return True


def m_enum_capability(rng, doc):
    e = _evse(rng, doc)
    if e is None:
        return False
    caps = e.get("capabilities")
    bad = rng.choice(["WIFI", "PLUG_AND_CHARGE", "RFID", "remote_start_stop_capable"])
    if isinstance(caps, list):
        caps.append(bad)
    else:
        e["capabilities"] = [bad]
    return True


def m_enum_location(rng, doc):
    if rng.random() < 0.5 and isinstance(doc.get("facilities"), list):
        doc["facilities"].append(rng.choice(["PARKING", "TOILETS", "COFFEE", "wifi"]))
        return True
    doc["parking_type"] = rng.choice(["STREET", "GARAGE", "ON_STREET_PARKING", "parking_lot"])
    return True


def m_range_connector(rng, doc):
    c = _connector(rng, doc)
    if c is None:
        return False
    key = rng.choice(["max_voltage", "max_amperage"])
    if not isinstance(c.get(key), int):
        return False
    c[key] = rng.choice([-c[key], c[key] + 0.5, 100000])
    return True


def m_range_weekday(rng, doc):
    hours = doc.get("opening_times")
    regular = hours.get("regular_hours") if isinstance(hours, dict) else None
    if not isinstance(regular, list) or not regular or not isinstance(regular[0], dict):
        return False
    rng.choice(regular)["weekday"] = rng.choice([0, 8, 9, 1.5])
    return True


def m_range_energy(rng, doc):
    mix = doc.get("energy_mix")
    sources = mix.get("energy_sources") if isinstance(mix, dict) else None
    if not isinstance(sources, list) or not sources:
        return False
    rng.choice(sources)["percentage"] = rng.choice([120, -5, 100.5])
    return True


def _timestamp_slots(doc):
    slots = []
    if "last_updated" in doc:
        slots.append(doc)
    for e in doc.get("evses", []) if isinstance(doc.get("evses"), list) else []:
        if isinstance(e, dict):
            if "last_updated" in e:
                slots.append(e)
            for c in e.get("connectors", []) if isinstance(e.get("connectors"), list) else []:
                if isinstance(c, dict) and "last_updated" in c:
                    slots.append(c)
    return slots


def m_bad_datetime(rng, doc):
    slots = _timestamp_slots(doc)
    if not slots:
        return False
    rng.choice(slots)["last_updated"] = rng.choice([
        "2024-13-01T10:00:00Z",      # month 13
        "2024-06-31T10:00:00Z",      # 31 June
        "2024-02-30T08:15:00Z",      # 30 February
        "2024-06-01T24:30:00Z",      # hour 24
        "2024-06-01T10:61:00Z",      # minute 61
        "2024-06-01",                # a date, not a date-time
        "01/06/2024 10:00",          # a local format
        "2024-06-01T10:00",          # no seconds, no offset
        "1717236000",                # epoch seconds as a string
        "yesterday",
    ])
    return True


def m_datetime_as_number(rng, doc):
    slots = _timestamp_slots(doc)
    if not slots:
        return False
    rng.choice(slots)["last_updated"] = rng.choice([1717236000, 1717236000123])
    return True


def m_bad_uri(rng, doc):
    targets = [b for b in (doc.get("operator"), doc.get("owner"), doc.get("suboperator")) if isinstance(b, dict) and "website" in b]
    if not targets:
        return False
    rng.choice(targets)["website"] = rng.choice(["www.example.com", "example.org/charging", "http//broken", ""])
    return True


def m_extra_location(rng, doc):
    key, value = rng.choice([("type", "ON_STREET"),            # an OCPI 2.1.1 field gone in 2.2.1
                             ("charging_speed", "RAPID"),
                             ("evse_count", 2),
                             ("Country_Code", "GB")])
    doc[key] = value
    return True


def m_extra_nested(rng, doc):
    choice = rng.randrange(3)
    if choice == 0:
        c = _connector(rng, doc)
        if c is None:
            return False
        c[rng.choice(["voltage", "amperage", "power"])] = 230  # 2.1.1 spellings
    elif choice == 1:
        e = _evse(rng, doc)
        if e is None:
            return False
        e["max_power"] = 22000
    else:
        co = doc.get("coordinates")
        if not isinstance(co, dict):
            return False
        co["altitude"] = "35.0"
    return True


def m_too_long(rng, doc):
    key, limit = rng.choice([("id", 36), ("address", 45), ("city", 45), ("postal_code", 10), ("name", 255)])
    value = doc.get(key)
    if not isinstance(value, str):
        return False
    doc[key] = (value + " ") * (limit // max(len(value) + 1, 1) + 1) + "x"
    return True


def m_empty_array(rng, doc):
    if rng.random() < 0.5:
        if not isinstance(doc.get("evses"), list):
            return False
        doc["evses"] = []
        return True
    e = _evse(rng, doc)
    if e is None or not isinstance(e.get("connectors"), list):
        return False
    e["connectors"] = []
    return True


def m_publish_conditional(rng, doc):
    if doc.get("publish") is not True:
        return False
    doc["publish_allowed_to"] = [{"type": "RFID", "uid": rnd_upper(rng, 8)}]
    return True


def m_duplicates(rng, doc):
    if rng.random() < 0.5 and isinstance(doc.get("facilities"), list) and doc["facilities"]:
        doc["facilities"].append(doc["facilities"][0])
        return True
    e = _evse(rng, doc)
    caps = e.get("capabilities") if e else None
    if not isinstance(caps, list) or not caps:
        return False
    caps.append(caps[0])
    return True


def m_bad_image(rng, doc):
    holders = [doc] if isinstance(doc.get("images"), list) and doc["images"] else []
    if not holders:
        return False
    img = rng.choice(doc["images"])
    if not isinstance(img, dict):
        return False
    key, value = rng.choice([("width", 0), ("category", "PHOTO"), ("type", "image/jpeg"), ("url", "not a uri")])
    img[key] = value
    return True


MUTATIONS = {name[2:]: fn for name, fn in sorted(globals().items()) if name.startswith("m_")}


def mutate(rng: random.Random, doc: dict) -> list[str]:
    """Applies 1-3 mutations (at least 1 guaranteed); returns their names."""
    wanted = rng.choice([1, 1, 1, 2, 2, 3])
    applied: list[str] = []
    names = list(MUTATIONS)
    for _ in range(50):  # bounded: a few mutations may not apply to a given document
        if len(applied) == wanted:
            break
        name = rng.choice(names)
        if MUTATIONS[name](rng, doc):
            applied.append(name)
    if not applied:  # always applies
        m_extra_location(rng, doc)
        applied.append("extra_location")
    return applied


def dump(doc) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=221)
    ap.add_argument("--invalid", type=float, default=0.10, help="share of payloads to break")
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "bench" / "workload")
    ap.add_argument("--head", type=int, default=1000, help="lines copied to payloads-1k.ndjson")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "payloads.ndjson"
    tmp, tmp_labels = path.with_suffix(".ndjson.tmp"), path.with_suffix(".labels.tmp")
    sizes: list[int] = []
    invalid = 0
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    head: list[bytes] = []
    with open(tmp, "wb") as out, open(tmp_labels, "w", encoding="utf-8") as labels:
        for i in range(args.count):
            doc = location(rng, i)
            if rng.random() < args.invalid:
                doc = copy.deepcopy(doc)
                names = mutate(rng, doc)
                invalid += 1
                for n in names:
                    counts[n] = counts.get(n, 0) + 1
                labels.write("invalid\t" + ",".join(names) + "\n")
            else:
                labels.write("valid\n")
            line = (dump(doc) + "\n").encode("utf-8")
            out.write(line)
            digest.update(line)
            sizes.append(len(line) - 1)
            if i < args.head:
                head.append(line)
    os.replace(tmp, path)
    os.replace(tmp_labels, str(path) + ".labels")
    (args.out / "payloads-1k.ndjson").write_bytes(b"".join(head))

    sizes_sorted = sorted(sizes)
    p99 = sizes_sorted[int(len(sizes_sorted) * 0.99) - 1] if sizes_sorted else 0
    print(f"wrote {args.count} payloads to {path} ({sum(sizes) / 1e6:.1f} MB, sha256 {digest.hexdigest()[:16]})")
    print(f"bytes min/p50/mean/p99/max = {sizes_sorted[0]}/{int(statistics.median(sizes))}/"
          f"{int(statistics.mean(sizes))}/{p99}/{sizes_sorted[-1]}")
    print(f"invalid by intent: {invalid} ({100 * invalid / max(args.count, 1):.1f}%); mutations used: "
          + ", ".join(f"{k}={v}" for k, v in sorted(counts.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
