import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runResource, runStack, StackInput } from "./harness";
import { repository } from "./resources";

describe("ecr-scan-on-push", () => {
    const run = (r = repository()) => runResource("ecr-scan-on-push", r);

    it("passes with scanOnPush", () => {
        assert.deepEqual(run(), []);
    });

    it("reports scanOnPush false", () => {
        assert.deepEqual(run(repository({ imageScanningConfiguration: { scanOnPush: false } })), [
            "imageScanningConfiguration.scanOnPush is false; set it to true",
        ]);
    });

    it("reports a missing scanning configuration", () => {
        assert.deepEqual(run(repository({ imageScanningConfiguration: undefined })), [
            "imageScanningConfiguration.scanOnPush is unset; set it to true",
        ]);
    });
});

describe("ecr-immutable-tags", () => {
    const run = (r = repository()) => runResource("ecr-immutable-tags", r);

    it("passes for IMMUTABLE", () => {
        assert.deepEqual(run(), []);
    });

    it("reports MUTABLE", () => {
        assert.deepEqual(run(repository({ imageTagMutability: "MUTABLE" })), [
            'imageTagMutability is "MUTABLE"; set it to "IMMUTABLE" and push every build under a new tag',
        ]);
    });

    it("reports an unset mutability (AWS defaults to MUTABLE)", () => {
        assert.deepEqual(run(repository({ imageTagMutability: undefined })), [
            'imageTagMutability is unset (AWS default "MUTABLE"); set it to "IMMUTABLE" and push every build under a new tag',
        ]);
    });
});

describe("ecr-lifecycle-policy", () => {
    const repo = (name = "orders-repo", repoName = "prod/orders"): StackInput => ({ ...repository({ name: repoName }), name });
    const lifecycle = (name: string, repoName: string, dependsOn: string[] = []): StackInput => ({
        type: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        name,
        props: { repository: repoName, policy: '{"rules":[]}' },
        dependsOn,
    });

    it("passes when a lifecycle policy names the repository", () => {
        assert.deepEqual(runStack("ecr-lifecycle-policy", [repo(), lifecycle("orders-lifecycle", "prod/orders")]), []);
    });

    it("passes when the lifecycle policy depends on the repository", () => {
        assert.deepEqual(runStack("ecr-lifecycle-policy", [repo(), lifecycle("orders-lifecycle", "computed", ["orders-repo"])]), []);
    });

    it("reports a repository without a lifecycle policy", () => {
        const stack = [repo(), lifecycle("orders-lifecycle", "prod/orders"), repo("billing-repo", "prod/billing")];
        assert.deepEqual(runStack("ecr-lifecycle-policy", stack), [
            {
                message:
                    'repository "prod/billing" has no lifecycle policy; add an aws:ecr/lifecyclePolicy:LifecyclePolicy with repository "prod/billing" (for example: expire untagged images after 14 days)',
                resource: "billing-repo",
            },
        ]);
    });
});

describe("ecr-kms-encryption", () => {
    const run = (r = repository(), settings?: Record<string, unknown>) => runResource("ecr-kms-encryption", r, settings);

    it("passes with a customer managed key", () => {
        assert.deepEqual(run(repository(), { requireCustomerManagedKey: true }), []);
    });

    it("passes with the AWS managed key by default", () => {
        assert.deepEqual(run(repository({ encryptionConfigurations: [{ encryptionType: "KMS" }] })), []);
    });

    it("reports AES256", () => {
        assert.deepEqual(run(repository({ encryptionConfigurations: [{ encryptionType: "AES256" }] })), [
            'encryptionConfigurations[0].encryptionType is "AES256"; set encryptionType "KMS"',
        ]);
    });

    it("reports a repository without encryption configuration", () => {
        assert.deepEqual(run(repository({ encryptionConfigurations: undefined })), [
            'encryptionConfigurations[0].encryptionType is unset (AWS default AES256); set encryptionType "KMS"',
        ]);
    });

    it("reports the AWS managed key when a customer managed key is required", () => {
        const r = repository({ encryptionConfigurations: [{ encryptionType: "KMS" }] });
        assert.deepEqual(run(r, { requireCustomerManagedKey: true }), [
            'encryptionType is "KMS" without kmsKey, so the AWS managed key aws/ecr is used; set kmsKey to a customer managed key',
        ]);
    });
});
