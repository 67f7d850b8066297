// Entry point the Pulumi CLI loads. It only constructs the pack: the policies live in src/.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies, PACK_NAME, packEnforcementLevel } from "./src/all";

new PolicyPack(PACK_NAME, { policies: allPolicies, enforcementLevel: packEnforcementLevel });
