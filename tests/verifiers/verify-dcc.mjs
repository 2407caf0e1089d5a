// Verify a credential with the Digital Credentials Consortium's verifier-core (the verifier behind the Learner
// Credential Wallet), exactly as published on npm: node verify-dcc.mjs < credential.json
//
// The test suite runs this against credentials the plugin issued, served by a live test server. Only the
// transport is adapted, never the verifier: did:web and status list URLs are https://<host>/..., so requests to
// the origins named in DCP_ORIGINS ("https://host:port=http://127.0.0.1:port,...") go to the test server over
// plain HTTP, and any other request fails, so the run is offline and a verifier that needed the network would
// fail loudly instead of passing. Prints verifier-core's result as JSON.

const origins = new Map(
  (process.env.DCP_ORIGINS || "").split(",").filter(Boolean).map((pair) => pair.split("=", 2)),
);
const realFetch = globalThis.fetch;
const fetched = [];

globalThis.fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const target = origins.get(url.origin);
  if (!target) {
    throw new Error(`offline test: no request may leave this machine (${request.url})`);
  }
  fetched.push(request.url);
  const rewritten = target + url.pathname + url.search;
  return realFetch(new Request(rewritten, request));
};

const { verifyCredential } = await import("@digitalcredentials/verifier-core");

let text = "";
for await (const chunk of process.stdin) {
  text += chunk;
}
const credential = JSON.parse(text);
const result = await verifyCredential({ credential, knownDIDRegistries: [] });
// Errors carry stack traces and causes that do not serialize; keep what a person reads.
const errors = (result.errors || []).map((error) => ({ name: error.name, message: error.message }));
const log = (result.log || []).map((entry) => ({
  id: entry.id,
  valid: entry.valid,
  ...(entry.error ? { error: { name: entry.error.name, message: entry.error.message } } : {}),
}));
process.stdout.write(JSON.stringify({ errors, log, fetched }) + "\n");
