// CONCESSION (issue 14): /openapi.json names operations by their handler's function name, so 23
// of its 68 operations share an `operationId` (`create` 7 times, `list` 6, `update` 6, `show`
// 4). OpenAPI says an operationId "MUST be unique among all operations"; openapi-typescript keys
// its `operations` by them, so every `create` would get the first `create`'s types (and tsc
// refuses the duplicate keys). Until the server gives each operation an id of its own, the
// shared ones are removed from the fetched document before generating (openapi-typescript then
// writes those operations inline in `paths`), and said on stderr. Delete this file, and its
// call in ./smoke, once it finds none.
//
// Usage: node unique-operation-ids.mjs DOCUMENT   (rewrites DOCUMENT in place)
import { readFileSync, writeFileSync } from "node:fs";

const [file] = process.argv.slice(2);
const document = JSON.parse(readFileSync(file, "utf8"));
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const operations = Object.values(document.paths ?? {}).flatMap((item) =>
    methods.filter((m) => item[m]).map((m) => item[m]),
);
const count = new Map();
for (const op of operations) {
    if (op.operationId !== undefined) count.set(op.operationId, (count.get(op.operationId) ?? 0) + 1);
}
const shared = [...count].filter(([, n]) => n > 1);
if (shared.length > 0) {
    for (const op of operations) {
        if ((count.get(op.operationId) ?? 0) > 1) delete op.operationId;
    }
    writeFileSync(file, JSON.stringify(document));
    const list = shared.map(([id, n]) => `${id} ×${n}`).join(", ");
    const total = shared.reduce((sum, [, n]) => sum + n, 0);
    process.stderr.write(`client: concession: ${total} of ${operations.length} operations share an operationId (${list}); removed before generating\n`);
}
