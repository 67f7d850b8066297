// Public surface of the policy modules (no side effects).
export { allPolicies, packEnforcementLevel, PACK_NAME } from "./all";
export * from "./compute";
export * from "./delivery";
export * from "./identity";
export * from "./logging";
export * from "./network";
export * from "./registry";
export * from "./resilience";
export * from "./tagging";
export * from "./util";
