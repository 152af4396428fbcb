"""pymacaroons 0.13 (Debian's python3-pymacaroons) as a peer for keybridge's API tokens.

Run with /usr/bin/python3 (the Debian interpreter that has pymacaroons) as `pymacaroons_peer.py COMMAND`, with a JSON
request on stdin; writes one JSON answer on stdout. Tokens and keys travel only through stdin and stdout, never argv,
the environment or stderr. Commands:

  make    [{"key": hex, "identifier": hex, "location": str, "caveats": [str | {"location", "key": hex, "id", "nonce": hex}]}]
          -> [{"serialized": V2 binary macaroon in base64url without padding, "signature": hex}]
          A caveat given as a string is first-party; as an object, third-party (with a fixed nonce: reproducible).
  verify  {"macaroon": str, "key": hex, "accept": [tag, ...]}
          -> {"ok": bool, "error": exception class or null, "seen": [caveat predicates, in the order checked]}
          pymacaroons' Verifier, whose satisfy_general callback accepts a caveat only if it is compact JSON (as
          Warehouse writes it: json.dumps(..., separators=(",", ":"))), a list, with a tag in `accept`.
  narrow  [{"macaroon": str, "caveats": [JSON value, ...]}]
          -> [{"macaroon": str}]
          Deserializes and adds each caveat as a first-party caveat in PyPI's encoding, as a token holder would.
"""
import binascii
import json
import sys

from pymacaroons import MACAROON_V2, Macaroon, Verifier


def compact(value):
    return json.dumps(value, separators=(",", ":"))


def make(specs):
    answers = []
    for spec in specs:
        macaroon = Macaroon(
            location=spec["location"],
            identifier=binascii.unhexlify(spec["identifier"]),
            key=binascii.unhexlify(spec["key"]),
            version=MACAROON_V2,
        )
        for caveat in spec["caveats"]:
            if isinstance(caveat, str):
                macaroon.add_first_party_caveat(caveat)
            else:
                macaroon.add_third_party_caveat(
                    caveat["location"],
                    binascii.unhexlify(caveat["key"]),
                    caveat["id"],
                    nonce=binascii.unhexlify(caveat["nonce"]),
                )
        answers.append({"serialized": macaroon.serialize(), "signature": macaroon.signature})
    return answers


def verify(request):
    macaroon = Macaroon.deserialize(request["macaroon"])
    accept = request["accept"]
    seen = []

    def satisfy(predicate):
        seen.append(predicate)
        try:
            value = json.loads(predicate)
        except ValueError:
            return False
        return isinstance(value, list) and len(value) > 0 and compact(value) == predicate and value[0] in accept

    verifier = Verifier()
    verifier.satisfy_general(satisfy)
    try:
        ok = verifier.verify(macaroon, binascii.unhexlify(request["key"]))
        return {"ok": bool(ok), "error": None, "seen": seen}
    except Exception as error:  # pymacaroons signals an unmet caveat or a bad signature by raising
        return {"ok": False, "error": type(error).__name__, "seen": seen}


def narrow(requests):
    answers = []
    for request in requests:
        macaroon = Macaroon.deserialize(request["macaroon"])
        for caveat in request["caveats"]:
            macaroon.add_first_party_caveat(compact(caveat))
        answers.append({"macaroon": macaroon.serialize()})
    return answers


def main():
    commands = {"make": make, "verify": verify, "narrow": narrow}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:
        sys.stderr.write("usage: pymacaroons_peer.py make|verify|narrow < request.json\n")
        return 2
    answer = commands[sys.argv[1]](json.load(sys.stdin))
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
