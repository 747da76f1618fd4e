"""Schemathesis hooks for ops/fuzz/api (loaded with SCHEMATHESIS_HOOKS=st_hooks).

Two values a client never invents, and that no generator can guess right:

- `cursor`: an opaque token. A client only sends back a page's `next_cursor`; a made-up one
  is answered 400 "invalid cursor", which is right.
- `If-Match`: the version the client last read. A guessed one names another version and is
  answered 412, which is right.

And one it must not reuse: an `Idempotency-Key` names one request; sent again with another
body it is answered 422 ("already used with a different request"), which is right. The
generator repeats its few keys across bodies.

For the cases generated to be valid (positive), the first two are left out, as a client that has read
nothing would leave them out: the request is then a first page, or an unconditional write,
and every check still applies to it; a key is replaced by a fresh one, as a client makes one
per request. Cases generated to be invalid keep them, so a malformed
cursor or `If-Match` is still sent and must still be refused.
"""

import os
import uuid

import schemathesis
from schemathesis import GenerationMode


# The awards import's JSON-lines form is documented as a string (its lines): sent as text.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@schemathesis.hook
def before_call(context, case, **kwargs):
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return
    if case.query and "cursor" in case.query:
        del case.query["cursor"]
    if case.headers:
        for name in [n for n in case.headers if n.lower() == "if-match"]:
            del case.headers[name]
        for name in [n for n in case.headers if n.lower() == "idempotency-key"]:
            case.headers[name] = str(uuid.uuid4())


# Rules a JSON Schema cannot state, because they relate two fields of a body or a field to
# stored records. A request valid by the document may break one, and the server rightly
# answers 422 naming the field; the document says so in the field's description. Each entry
# is (the problem's `code`, the field in its `errors`); a 422 for anything else (a length, a
# pattern, a missing field: what the document does state) is still a failure.
RULES_BEYOND_THE_SCHEMA = {
    # two fields of the body
    ("needs_agency", "agency_id"),  # clerks and heads belong to an agency
    ("own_parent", "parent_id"),
    ("dates_out_of_order", "schedule"),
    ("threshold_range", "voting.threshold"),  # num <= den
    ("threshold_unreachable", "voting.threshold"),  # strict and num == den
    ("quorum_range", "voting.quorum"),  # num <= den
    ("duplicate", "criteria"),  # criteria keys distinct
    ("chair_not_in_panel", "chair_id"),
    ("invalid_input", "code"),  # a replaced category's code is the path's
    # stored records
    ("invalid_input", "person_id"),  # a nominee linked to a person the agency may name
    ("not_next_phase", "phase"),  # phases move forward one step
    (None, "code"),  # a TOTP code must be the current one
    ("wrong_nominee_kind", "nominee.kind"),  # the category's kind
    ("out_of_range", "nominee.birth_year"),  # not after the programme's year
    ("out_of_range", "reviewers_per_nomination"),  # at most the panel's members
    ("not_a_member", "member_id"),
    ("member_not_assigned", "member_id"),
    ("unknown_criterion", "scores"),  # the category's criteria
    ("required", "scores"),
    ("before_decision", "decided_on"),  # a revocation not dated before the award's decision
    # the caller
    ("required", "member_id"),  # the secretariat declares a conflict for a named member
}


def _excused(response):
    if response.status_code != 422:
        return None
    try:
        problem = response.json()
    except Exception:
        return None
    code = problem.get("code")
    for field in problem.get("errors") or {}:
        base = field.split("[")[0]
        if (code, field) in RULES_BEYOND_THE_SCHEMA or (code, base) in RULES_BEYOND_THE_SCHEMA:
            return f"{code} {field}"
        if base.startswith("scores.") and (code, "scores") in RULES_BEYOND_THE_SCHEMA:
            return f"{code} {field}"
        if base.startswith("criteria") and (code, "criteria") in RULES_BEYOND_THE_SCHEMA:
            return f"{code} {field}"
    return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if "positive_data_acceptance" not in getattr(failure, "checks", ()):
        return True
    why = _excused(response)
    if why is None:
        return True
    log = os.environ.get("FUZZ_EXCUSED")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{case.method} {case.path}\t{why}\n")
    return False
