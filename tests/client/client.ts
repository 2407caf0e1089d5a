// What an MFE writes against the client generated from the API's OpenAPI document (openapi-typescript):
// compiled with `tsc --strict` by tests/api/test_typescript_client.py, so a change of the contract that breaks
// a client breaks the build.
import type { components, paths } from "./schema";

type Schemas = components["schemas"];
type NominationPage =
  paths["/api/dcp/v1/nominations/"]["get"]["responses"][200]["content"]["application/json"];
type NewNomination = paths["/api/dcp/v1/nominations/"]["post"]["requestBody"];
type Refusal = paths["/api/dcp/v1/nominations/"]["post"]["responses"][400]["content"]["application/json"];
type Organization = Schemas["Organization"];
type CommunityRole = Schemas["CommunityRole"];

export function nomineesOf(page: NominationPage): string[] {
  return page.results.map((nomination) => nomination.nominee_username ?? "").filter((name) => name !== "");
}

export function refusalCode(error: Refusal): string {
  return error.code;
}

export function describe(organization: Organization, role: CommunityRole): string {
  const size = organization.size ?? "unknown";
  return `${role.username} (${role.role}) of ${organization.name}, ${size} employees`;
}

export function summaryOf(body: NewNomination["content"]["application/json"]): string {
  return `${body.kind} nomination of ${body.nominee_username ?? "an organization"}: ${body.summary ?? ""}`;
}
