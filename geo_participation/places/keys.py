"""The search key of a name: the one normalisation used when loading and when searching."""

import re
import unicodedata

# German spellings a resident may type for the same letters: "Königstr." and "koenigstrasse"
# both become "konigstr". Applied to stored names and to queries alike, so a folding that
# also hits an unrelated name (Mauer -> maur) changes both sides the same way.
FOLDS = (("ß", "ss"), ("ae", "a"), ("oe", "o"), ("ue", "u"))
# "Straße", "Strasse", "Str." and "Str" are one word; after folding ß they read strasse/str.
STREET = re.compile(r"stra(?:ss|s)e\b|str\b\.?")
NOT_WORD = re.compile(r"[^0-9a-z]+")
HOUSE_NUMBER = re.compile(r"(?:^|\s)(\d+)\s?([a-z]?)$")


def search_key(text: str) -> str:
    """Return the normalised search key of a name or a query (lower case, no accents, str)."""
    text = text.casefold()
    for old, new in FOLDS:
        text = text.replace(old, new)
    # NFKD splits ä into a plus a combining mark, which the ASCII encoding drops.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = STREET.sub("str ", text)
    return " ".join(NOT_WORD.sub(" ", text).split())


def split_house_number(key: str) -> tuple[str, str]:
    """Return a search key's street part and its trailing house number ("" when none).

    "fruchthallstr 3" -> ("fruchthallstr", "3"); "markt 12 a" -> ("markt", "12a").
    """
    found = HOUSE_NUMBER.search(key)
    if not found:
        return key, ""
    return key[: found.start()].strip(), found.group(1) + found.group(2)
