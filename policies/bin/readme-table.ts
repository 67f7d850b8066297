// Prints the guardrail table for README.md: node --import tsx bin/readme-table.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allPolicies } from "../src/all";
import { ENVIRONMENTS, guardrailTable } from "../src/offline/table";

const root = join(__dirname, "..");
const configs = Object.fromEntries(
    ENVIRONMENTS.map(env => [env, JSON.parse(readFileSync(join(root, "config", `${env}.json`), "utf8"))]),
) as Parameters<typeof guardrailTable>[1];
console.log(guardrailTable(allPolicies, configs));
