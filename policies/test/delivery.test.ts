import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runResource, runStack, StackInput } from "./harness";
import { codebuildProject, TAGS } from "./resources";

describe("codebuild-no-plaintext-credentials", () => {
    const run = (r = codebuildProject()) => runResource("codebuild-no-plaintext-credentials", r);
    const withVar = (v: Record<string, unknown>) =>
        codebuildProject({}, { environmentVariables: [{ name: "REPOSITORY_URI", value: "repo", type: "PLAINTEXT" }, v] });

    it("passes when credentials come from Parameter Store", () => {
        assert.deepEqual(run(), []);
    });

    it("reports a PLAINTEXT token without echoing it", () => {
        const messages = run(withVar({ name: "GITHUB_TOKEN", value: "ghp_secret", type: "PLAINTEXT" }));
        assert.deepEqual(messages, [
            'environment variable GITHUB_TOKEN is PLAINTEXT; store it in Secrets Manager or Parameter Store and set type "SECRETS_MANAGER" or "PARAMETER_STORE" with the secret\'s name as value',
        ]);
        assert.ok(!messages[0].includes("ghp_secret"));
    });

    it("treats a variable without type as PLAINTEXT", () => {
        assert.deepEqual(run(withVar({ name: "AWS_SECRET_ACCESS_KEY", value: "abc" })), [
            'environment variable AWS_SECRET_ACCESS_KEY is PLAINTEXT; store it in Secrets Manager or Parameter Store and set type "SECRETS_MANAGER" or "PARAMETER_STORE" with the secret\'s name as value',
        ]);
    });
});

describe("codebuild-privileged-only-image-builders", () => {
    const run = (r = codebuildProject()) => runResource("codebuild-privileged-only-image-builders", r);

    it("passes for a privileged image builder", () => {
        assert.deepEqual(run(), []);
    });

    it("passes for an unprivileged project without the tag", () => {
        assert.deepEqual(run(codebuildProject({ tags: TAGS }, { privilegedMode: false })), []);
    });

    it("reports privileged mode on a project that does not build images", () => {
        assert.deepEqual(run(codebuildProject({ tags: TAGS })), [
            "environment.privilegedMode is true but the project is not tagged berth:builds-images=true; turn privileged mode off, or tag the project if it builds container images",
        ]);
    });
});

describe("s3-bucket-public-access-block", () => {
    const bucket = (name: string): StackInput => ({ type: "aws:s3/bucketV2:BucketV2", name, props: { bucket: name, tags: TAGS } });
    const block = (name: string, bucketName: string, extra: Record<string, boolean> = {}): StackInput => ({
        type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        name,
        props: { bucket: "bucket-id", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...extra },
        dependsOn: [bucketName],
    });
    const run = (stack: StackInput[]) => runStack("s3-bucket-public-access-block", stack);

    it("passes when every bucket blocks public access", () => {
        assert.deepEqual(run([bucket("artifacts"), block("artifacts-pab", "artifacts")]), []);
    });

    it("reports a bucket without a public access block", () => {
        assert.deepEqual(run([bucket("artifacts"), block("artifacts-pab", "artifacts"), bucket("alb-logs")]), [
            {
                message:
                    'bucket "alb-logs" has no public access block; add an aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets set to true',
                resource: "alb-logs",
            },
        ]);
    });

    it("reports flags left off", () => {
        assert.deepEqual(run([bucket("artifacts"), block("artifacts-pab", "artifacts", { blockPublicPolicy: false, restrictPublicBuckets: false })]), [
            {
                message: 'public access block "artifacts-pab" of bucket "artifacts" leaves blockPublicPolicy, restrictPublicBuckets off; set them to true',
                resource: "artifacts-pab",
            },
        ]);
    });
});

describe("s3-bucket-no-public-policy", () => {
    const tls = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
    const policy = (...statements: Record<string, unknown>[]) => ({
        type: "aws:s3/bucketPolicy:BucketPolicy",
        props: { bucket: "b", policy: JSON.stringify({ Version: "2012-10-17", Statement: [...statements, tls] }) },
    });
    const run = (r: { type: string; props: Record<string, unknown> }) => runResource("s3-bucket-no-public-policy", r);

    it("passes for berth's TLS-only policy", () => {
        assert.deepEqual(run(policy()), []);
    });

    it("passes for a wildcard principal pinned to the account", () => {
        assert.deepEqual(run(policy({ Sid: "Logs", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
            { Sid: "Org", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } } })), []);
    });

    it("reports an object readable by everyone", () => {
        assert.deepEqual(run(policy({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })), [
            'statement "PublicRead" allows s3:GetObject to every principal ("*"), which makes the bucket public; name the principals (accounts, roles, services), or pin them with a condition on aws:sourcearn, aws:sourceaccount, aws:sourceowner',
        ]);
    });

    it("reports a public ACL", () => {
        assert.deepEqual(run({ type: "aws:s3/bucketAclV2:BucketAclV2", props: { bucket: "b", acl: "public-read" } }), [
            'acl is "public-read", which makes the bucket public; remove the ACL (berth\'s buckets enforce bucket-owner ownership)',
        ]);
    });
});
