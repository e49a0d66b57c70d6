"""Countries and languages between the names pages print and the ISO codes datasets use.

IMDb's datasets and TMDB's API name a region "US" and a language "es"; pages
print "United States" and "Spanish". pycountry holds both tables, so a name
read from a page can be stored as the dataset would store it, and a code shown
as the name a reader expects.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry

# The regions IMDb's datasets give codes of their own (countries that no longer exist).
IMDB_REGIONS = {
    "XWG": "West Germany",
    "DDDE": "East Germany",
    "SUHH": "Soviet Union",
    "YUCS": "Yugoslavia",
    "CSHH": "Czechoslovakia",
    "CSXX": "Serbia and Montenegro",
    "XKO": "Korea",
}
# Countries IMDb names otherwise than ISO 3166's names and common names.
IMDB_NAMES = {
    "BO": "Bolivia",
    "CZ": "Czech Republic",
    "KP": "North Korea",
    "LA": "Laos",
    "MD": "Moldova",
    "PS": "Palestine",
    "RU": "Russia",
    "SY": "Syria",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "VN": "Vietnam",
}
IMDB_REGION_CODES = {
    name.casefold(): code for code, name in (*IMDB_REGIONS.items(), *IMDB_NAMES.items())
}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str:
    """Return the code IMDb's datasets give a country named as IMDb names it, or "" if unknown.

    That is the ISO 3166-1 code, or IMDb's own for a country gone ("XWG").
    """
    if imdb_code := IMDB_REGION_CODES.get(name.casefold()):
        return imdb_code
    for table in (pycountry.countries, pycountry.historic_countries):
        try:
            return str(table.lookup(name).alpha_2)
        except LookupError:
            continue
    return ""


@lru_cache(maxsize=4096)
def country_of(code: str) -> str:
    """Return the common name of the country ``code`` stands for, or ``code`` if unknown."""
    if name := IMDB_REGIONS.get(code.upper()) or IMDB_NAMES.get(code.upper()):
        return name
    if len(code) != 2 or not code.isalpha():
        return code
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@lru_cache(maxsize=1024)
def language_code(name: str) -> str:
    """Return the ISO 639-1 code of a language named in English, or "" if it has none."""
    try:
        return str(getattr(pycountry.languages.lookup(name), "alpha_2", ""))
    except LookupError:
        return ""
