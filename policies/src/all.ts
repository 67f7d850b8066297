// The pack's policy list, one area after another. Side-effect free: import it, never index.ts.
import { EnforcementLevel } from "@pulumi/policy";
import { computePolicies } from "./compute";
import { deliveryPolicies } from "./delivery";
import { identityPolicies } from "./identity";
import { loggingPolicies } from "./logging";
import { networkPolicies } from "./network";
import { observabilityPolicies } from "./observability";
import { registryPolicies } from "./registry";
import { resiliencePolicies } from "./resilience";
import { taggingPolicies } from "./tagging";
import { withBerthFix } from "./fixes";
import { BerthPolicy } from "./util";

export const PACK_NAME = "berth-guardrails";

/** Level of a policy that neither the policy nor the config file sets (each policy sets its own). */
export const packEnforcementLevel: EnforcementLevel = "mandatory";

export const allPolicies: BerthPolicy[] = [
    ...taggingPolicies,
    ...computePolicies,
    ...registryPolicies,
    ...networkPolicies,
    ...identityPolicies,
    ...loggingPolicies,
    ...deliveryPolicies,
    ...resiliencePolicies,
    ...observabilityPolicies,
].map(withBerthFix); // every message names the berth key that fixes it (src/fixes.ts)
