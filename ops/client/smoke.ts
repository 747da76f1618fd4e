// The smoke cycle of a client generated from Accolade's /openapi.json (ops/client/smoke runs it):
// the types are openapi-typescript's (schema.d.ts, generated from the running server's document
// at each run), the calls openapi-fetch's `createClient<paths>()`. Nothing here describes a
// request or an answer by hand: what the document says is what the compiler checks.
//
// The cycle: the admin signs in, creates a programme, adds a category and opens nominating (a
// category is all the rules ask before that: panels come before reviewing); a clerk of an
// agency signs in, drafts a nomination in it and reads it back; the public reads the honour
// list and one award page (the demo has conferred awards).
//
// Usage: node build/smoke.js URL   with SMOKE_ADMIN and SMOKE_CLERK set to "EMAIL PASSWORD"
// (ops/lib/demo.sh's demo_credentials). Prints each step on stderr, the number of steps on
// stdout; any failure throws with the server's problem+json detail and exits non-zero.

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Problem = components["schemas"]["Problem"];

const [argument] = process.argv.slice(2);
if (argument === undefined) {
    throw new Error("usage: smoke.js URL (SMOKE_ADMIN, SMOKE_CLERK: \"EMAIL PASSWORD\")");
}
const url: string = argument;

function credentials(variable: string): { email: string; password: string } {
    const [email, password] = (process.env[variable] ?? "").split(" ");
    if (!email || !password) {
        throw new Error(`${variable} must be "EMAIL PASSWORD"`);
    }
    return { email, password };
}

// --- checks -----------------------------------------------------------------------------------

let steps = 0;

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
        const value = await run();
        steps += 1;
        process.stderr.write(`  ok ${steps} ${name}\n`);
        return value;
    } catch (e) {
        process.stderr.write(`  FAILED ${steps + 1} ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    }
}

function expect(what: string, ok: boolean, seen?: unknown): asserts ok {
    if (!ok) {
        throw new Error(`${what}${seen === undefined ? "" : `; got ${JSON.stringify(seen)}`}`);
    }
}

function expectEqual(what: string, seen: unknown, wanted: unknown): void {
    expect(`${what}: expected ${JSON.stringify(wanted)}`, seen === wanted, seen);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function expectMatch(what: string, seen: unknown, pattern: RegExp): void {
    expect(`${what}: expected ${pattern}`, typeof seen === "string" && pattern.test(seen), seen);
}

function expectText(what: string, seen: unknown): void {
    expect(`${what}: expected a non-empty string`, typeof seen === "string" && seen !== "", seen);
}

/// The problem+json of a refusal, as one line: status, title, detail and the fields' errors.
function describe(status: number, error: Problem | string | undefined): string {
    if (error === undefined || typeof error === "string") {
        return `${status} ${error ?? ""} (no problem+json body)`;
    }
    const fields = error.errors === undefined ? "" : ` ${JSON.stringify(error.errors)}`;
    return `${status} ${error.title}: ${error.detail}${fields}`;
}

/// The body of a 2xx answer; any other answer fails the run with the server's problem+json.
async function ok<T>(
    what: string,
    call: Promise<{ data?: T; error?: Problem; response: Response }>,
): Promise<T> {
    const { data, error, response } = await call;
    if (!response.ok || data === undefined) {
        throw new Error(`${what}: ${describe(response.status, error)}`);
    }
    return data;
}

// --- the cycle --------------------------------------------------------------------------------

const stamp = new Date().toISOString();
const anonymous = createClient<paths>({ baseUrl: url });

function signedIn(token: string) {
    return createClient<paths>({ baseUrl: url, headers: { Authorization: `Bearer ${token}` } });
}

const admin = await step("sign in as the admin", async () => {
    const { email, password } = credentials("SMOKE_ADMIN");
    const session = await ok("POST /api/v1/session (admin)", anonymous.POST("/api/v1/session", { body: { email, password } }));
    expectEqual("the session's role", session.user.role, "admin");
    expectEqual("the session's scope", session.scope, "full");
    expectEqual("the session's e-mail", session.user.email, email);
    expectText("the token", session.token);
    return signedIn(session.token);
});

const year = new Date().getUTCFullYear();
const title = `Client smoke ${stamp}`;
const programme = await step("create a programme", async () => {
    const created = await ok(
        "POST /api/v1/programmes",
        admin.POST("/api/v1/programmes", {
            body: { title, year, description: "Made by ops/client/smoke.", notice_working_days: 0 },
        }),
    );
    expectMatch("the programme's id", created.id, UUID);
    expectEqual("the programme's title", created.title, title);
    expectEqual("the programme's year", created.year, year);
    expectEqual("the new programme's phase", created.phase, "setup");
    expectEqual("the new programme's categories", created.categories.length, 0);
    return created;
});
const path = { id: programme.id };

const code = "SMOKE";
await step("add a category", async () => {
    const shown = await ok(
        "POST /api/v1/programmes/{id}/categories",
        admin.POST("/api/v1/programmes/{id}/categories", {
            params: { path },
            body: {
                code,
                title: "Smoke test category",
                nominee_kind: "individual",
                award_title: "Smoke test award",
                award_level: "bo",
                leaderboard_points: 1,
                criteria: [{ key: "impact", label: "Impact", weight: 1, max: 10 }],
                voting: {
                    threshold: { num: 1, den: 2, strict: true },
                    denominator: "votes_cast",
                    quorum: { num: 1, den: 2 },
                    secret: true,
                    absentee_written: false,
                },
                max_awards: 1,
                max_per_agency: 2,
                legal_ref: "ops/client/smoke",
                effective_from: `${year}-01-01`,
            },
        }),
    );
    const category = shown.categories.find((c) => c.code === code);
    expect(`category ${code} in the programme`, category !== undefined, shown.categories);
    expectEqual("the category's nominee kind", category.nominee_kind, "individual");
    expectEqual("the programme's phase", shown.phase, "setup");
});

await step("open nominating", async () => {
    const moved = await ok(
        "POST /api/v1/programmes/{id}/phase",
        admin.POST("/api/v1/programmes/{id}/phase", { params: { path }, body: { phase: "nominating" } }),
    );
    expectEqual("the phase after the move", moved.phase, "nominating");
    expectEqual("the programme's id after the move", moved.id, programme.id);
});

const clerk = await step("sign in as an agency's clerk", async () => {
    const { email, password } = credentials("SMOKE_CLERK");
    const session = await ok("POST /api/v1/session (clerk)", anonymous.POST("/api/v1/session", { body: { email, password } }));
    expectEqual("the session's role", session.user.role, "clerk");
    expectMatch("the clerk's agency", session.user.agency_id, UUID);
    return { client: signedIn(session.token), agencyId: session.user.agency_id };
});

const nominee = `Smoke Nominee ${stamp}`;
const citation = `Smoke citation ${stamp}`;
const drafted = await step("draft a nomination", async () => {
    const nomination = await ok(
        "POST /api/v1/programmes/{id}/nominations",
        clerk.client.POST("/api/v1/programmes/{id}/nominations", {
            params: { path },
            body: {
                category_code: code,
                nominee: {
                    kind: "individual",
                    full_name: nominee,
                    position: "Reporter",
                    organisation: "Smoke Test Newsroom",
                    province: "Hà Nội",
                    birth_year: 1990,
                },
                citation,
                achievements: "A series on the smoke test of a generated client.",
                evidence: [{ title: "The series", url: "https://example.org/smoke" }],
            },
        }),
    );
    expectMatch("the nomination's id", nomination.id, UUID);
    expectEqual("the new nomination's status", nomination.status, "draft");
    expectEqual("the new nomination's version", nomination.version, 1);
    expectEqual("the nomination's programme", nomination.programme_id, programme.id);
    expectEqual("the nomination's category", nomination.category_code, code);
    expectEqual("the nomination's agency", nomination.agency_id, clerk.agencyId);
    return nomination;
});

await step("read the nomination back", async () => {
    const call = clerk.client.GET("/api/v1/nominations/{id}", { params: { path: { id: drafted.id } } });
    const shown = await ok("GET /api/v1/nominations/{id}", call);
    expectEqual("the nomination read back", shown.id, drafted.id);
    expectEqual("its status", shown.status, "draft");
    expectEqual("its category", shown.category_code, code);
    expectEqual("its citation", shown.citation, citation);
    expectEqual("its nominee's name", shown.nominee?.full_name, nominee);
    expectEqual("its evidence", shown.evidence.length, 1);
    expectEqual("its ETag", (await call).response.headers.get("etag"), '"1"');
});

// The fields API.md promises of an honour-list item, and an award page's besides.
const HONOUR_FIELDS = [
    "award_id", "nomination_id", "full_name", "position", "organisation", "province", "agency_id",
    "agency_name", "category_code", "award_title", "programme_id", "year", "status",
    "decision_no", "decided_on",
];
const AWARD_FIELDS = [...HONOUR_FIELDS, "citation", "signer", "revocation", "verification"];

const first = await step("read the public honour list", async () => {
    const honours = await ok(
        "GET /api/v1/public/honours",
        anonymous.GET("/api/v1/public/honours", { params: { query: { limit: 20 } } }),
    );
    const items = honours.items;
    expect("the demo's honour list has items", items.length > 0, honours);
    expect("a page of at most 20", items.length <= 20, items.length);
    for (const item of items) {
        for (const field of HONOUR_FIELDS) {
            expect(`an honour-list item has \`${field}\``, field in item, item);
        }
        expectMatch("an item's award_id", item.award_id, UUID);
        expectMatch("an item's nomination_id", item.nomination_id, UUID);
        expectMatch("an item's programme_id", item.programme_id, UUID);
        expectText("an item's full_name", item.full_name);
        expectText("an item's agency_name", item.agency_name);
        expectText("an item's category_code", item.category_code);
        expectText("an item's award_title", item.award_title);
        expect("an item's year", typeof item.year === "number" && item.year >= 2000, item.year);
        expect("an item's status", item.status === "awarded" || item.status === "revoked", item.status);
        expectMatch("an item's decided_on", item.decided_on, DATE);
    }
    const item = items[0];
    expect("a first item", item !== undefined);
    return item;
});

await step("read one public award", async () => {
    const id = first.award_id;
    expect("an award id", typeof id === "string", id);
    const award = await ok(
        "GET /api/v1/public/awards/{id}",
        anonymous.GET("/api/v1/public/awards/{id}", { params: { path: { id } } }),
    );
    for (const field of AWARD_FIELDS) {
        expect(`the award page has \`${field}\``, field in award, award);
    }
    expectEqual("the award page's award_id", award.award_id, first.award_id);
    expectEqual("the award page's full_name", award.full_name, first.full_name);
    expectEqual("the award page's status", award.status, first.status);
    expectEqual("the award page's decision_no", award.decision_no, first.decision_no);
    expectText("the award's citation", award.citation);
    const verification = award.verification;
    expectMatch("the verification's event_id", verification.event_id, UUID);
    expectMatch("the verification's hash", verification.hash, /^[0-9a-f]{64}$/);
    expect("the verification's position", typeof verification.position === "number", verification.position);
});

process.stdout.write(`${steps}\n`);
