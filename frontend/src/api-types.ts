// The API's answers, as the OpenAPI document (docs/openapi.json) says: aliases of the types
// generated into api-schema.ts by `make openapi`. A field renamed in the API breaks `tsc` here.
import type { components } from "./api-schema";

export type Schemas = components["schemas"];
export type User = Schemas["UserOut"];
export type SignedIn = Schemas["SignedIn"];
export type TotpRequired = Schemas["TotpRequired"];
export type ServiceInfo = Schemas["ServiceOut"];
export type OrderInfo = Schemas["OrderOut"];
export type ApiKeyInfo = Schemas["ApiKeyOut"];
