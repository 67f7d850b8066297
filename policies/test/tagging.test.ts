import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TAGGABLE_TYPES } from "../src/tagging";
import { runResource } from "./harness";
import { repository, service, TAGS } from "./resources";

describe("required-tags", () => {
    const run = (r = repository(), settings?: Record<string, unknown>) => runResource("required-tags", r, settings);

    it("passes when every required tag is set", () => {
        assert.deepEqual(run(), []);
    });

    it("passes when the tags come from the provider's defaultTags", () => {
        const r = { ...repository({ tags: { "berth:service": "orders" } }), provider: { type: "pulumi:providers:aws", name: "default_6_83_0", props: { region: "eu-west-1", defaultTags: { tags: TAGS } } } };
        assert.deepEqual(run(r), []);
    });

    it("reports the missing tags and the ones present", () => {
        const { owner, "cost-centre": _, ...rest } = TAGS;
        assert.deepEqual(run(repository({ tags: rest })), [
            "missing required tags owner, cost-centre (has: environment, managed-by); add them to the resource's tags or to the provider's defaultTags",
        ]);
    });

    it("reports a resource without tags", () => {
        assert.deepEqual(run(repository({ tags: undefined })), [
            "missing required tags environment, owner, cost-centre, managed-by (has: none); add them to the resource's tags or to the provider's defaultTags",
        ]);
    });

    it("reports an empty tag value as missing", () => {
        assert.deepEqual(run(repository({ tags: { ...TAGS, owner: "" } })), [
            "missing required tags owner (has: cost-centre, environment, managed-by, owner); add them to the resource's tags or to the provider's defaultTags",
        ]);
    });

    it("uses the configured requiredTags", () => {
        assert.deepEqual(run(repository(), { requiredTags: ["environment", "data-classification"] }), [
            "missing required tags data-classification (has: cost-centre, environment, managed-by, owner); add them to the resource's tags or to the provider's defaultTags",
        ]);
    });

    it("reports an environment tag that is not this stack's", () => {
        assert.deepEqual(run(service({ tags: { ...TAGS, environment: "dev" } }), { environment: "prod" }), [
            'tag environment is "dev" but this stack is "prod"; set environment=prod',
        ]);
    });

    it("does not check types that take no tags", () => {
        assert.deepEqual(run({ type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", props: { repository: "prod/orders", policy: "{}" } }), []);
        assert.ok(!TAGGABLE_TYPES.includes("aws:iam/rolePolicy:RolePolicy"));
    });
});
