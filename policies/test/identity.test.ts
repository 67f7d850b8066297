import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { UnknownValueError } from "../src/util";
import { runResource, runStack, StackInput, UNKNOWN } from "./harness";
import { kmsKey, policyDocument, TAGS } from "./resources";

const rolePolicy = (policy: string, name = "orders-task-policy") => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name,
    props: { role: "prod-orders-task", policy },
});
const readBucket = { Sid: "ReadConfig", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::prod-orders-config/*" };

describe("iam-no-admin-statements", () => {
    const run = (r: ReturnType<typeof rolePolicy> | Record<string, any>) => runResource("iam-no-admin-statements", r as any);

    it("passes for scoped statements", () => {
        assert.deepEqual(run(rolePolicy(policyDocument([readBucket]))), []);
    });

    it("passes for a wildcard action on a specific resource and for Deny", () => {
        const doc = policyDocument([
            { Effect: "Allow", Action: "logs:*", Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/berth/*" },
            { Effect: "Deny", Action: "*", Resource: "*" },
        ]);
        assert.deepEqual(run(rolePolicy(doc)), []);
    });

    it("reports Action * on Resource *", () => {
        assert.deepEqual(run(rolePolicy(policyDocument([readBucket, { Effect: "Allow", Action: "*", Resource: "*" }]))), [
            'policy statement #2 allows Action "*" on Resource "*"; grant the specific actions on the specific resources the role needs',
        ]);
    });

    it("reports an admin statement in a role's inline policy", () => {
        const role = {
            type: "aws:iam/role:Role",
            name: "ops",
            props: {
                assumeRolePolicy: "{}",
                inlinePolicies: [{ name: "admin", policy: policyDocument([{ Sid: "All", Effect: "Allow", Action: ["*"], Resource: ["*"] }]) }],
                tags: TAGS,
            },
        };
        assert.deepEqual(run(role), [
            'inlinePolicies[0] "admin" statement "All" allows Action "*" on Resource "*"; grant the specific actions on the specific resources the role needs',
        ]);
    });

    it("cannot run during preview when the document embeds an ARN output", () => {
        assert.throws(() => run(rolePolicy(UNKNOWN)), UnknownValueError);
    });
});

describe("iam-task-role-no-service-wildcards", () => {
    const role = (name: string, kind: string): StackInput => ({
        type: "aws:iam/role:Role",
        name,
        props: { assumeRolePolicy: "{}", tags: { ...TAGS, "berth:role": kind } },
    });
    const attached = (name: string, roleName: string, statements: Record<string, unknown>[]): StackInput => ({
        ...rolePolicy(policyDocument(statements), name),
        dependsOn: [roleName],
    });
    const run = (stack: StackInput[], settings?: Record<string, unknown>) => runStack("iam-task-role-no-service-wildcards", stack, settings);

    it("passes for named actions on task roles", () => {
        assert.deepEqual(run([role("orders-task", "task"), attached("orders-task-policy", "orders-task", [readBucket])]), []);
    });

    it("does not check other roles by default", () => {
        const stack = [role("orders-build", "build"), attached("build-policy", "orders-build", [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }])];
        assert.deepEqual(run(stack), []);
    });

    it("reports a service-wide wildcard on a task role", () => {
        const stack = [
            role("orders-task", "task"),
            attached("orders-task-policy", "orders-task", [readBucket, { Effect: "Allow", Action: ["s3:*", "sqs:SendMessage", "ecr:*"], Resource: "*" }]),
        ];
        assert.deepEqual(run(stack), [
            {
                message:
                    'role policy "orders-task-policy" on task role "orders-task" allows service-wide s3:*, ecr:* in statement #2; list the actions the service needs (for example s3:GetObject)',
                resource: "orders-task-policy",
            },
        ]);
    });

    it("checks the configured roles", () => {
        const stack = [role("orders-build", "build"), attached("build-policy", "orders-build", [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }])];
        assert.deepEqual(run(stack, { roles: ["task", "build"] }), [
            {
                message:
                    'role policy "build-policy" on build role "orders-build" allows service-wide ecr:* in statement #1; list the actions the service needs (for example s3:GetObject)',
                resource: "build-policy",
            },
        ]);
    });
});

describe("iam-no-admin-policy-attachment", () => {
    const attachment = (policyArn: string) => ({
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "orders-exec-attach",
        props: { role: "prod-orders-exec", policyArn },
    });
    const run = (arn: string) => runResource("iam-no-admin-policy-attachment", attachment(arn));

    it("passes for the task execution policy", () => {
        assert.deepEqual(run("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"), []);
    });

    it("reports AdministratorAccess", () => {
        assert.deepEqual(run("arn:aws:iam::aws:policy/AdministratorAccess"), [
            'policyArn is "arn:aws:iam::aws:policy/AdministratorAccess"; attach a customer managed policy scoped to what the principal needs',
        ]);
    });
});

describe("kms-key-rotation", () => {
    const run = (r = kmsKey()) => runResource("kms-key-rotation", r);

    it("passes with rotation", () => {
        assert.deepEqual(run(), []);
    });

    it("does not apply to asymmetric keys", () => {
        assert.deepEqual(run(kmsKey({ enableKeyRotation: undefined, customerMasterKeySpec: "RSA_2048" })), []);
    });

    it("reports a key without rotation", () => {
        assert.deepEqual(run(kmsKey({ enableKeyRotation: false })), ["enableKeyRotation is false; set it to true"]);
    });
});
