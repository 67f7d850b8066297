// Registry: ECR repositories and their lifecycle.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    asArray,
    dependsOn,
    describe,
    displayName,
    forStack,
    forTypes,
    has,
    known,
    MANDATORY,
    ofType,
    Props,
    schema,
    settings,
    show,
    T,
} from "./util";

export const scanOnPush: ResourceValidationPolicy = {
    name: "ecr-scan-on-push",
    description: describe("ECR repositories scan images on push", "Security Hub ECR.1"),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.repository], (props, args, report) => {
        const scan = props.imageScanningConfiguration?.scanOnPush;
        if (scan !== true) {
            report(`imageScanningConfiguration.scanOnPush is ${show(scan)}; set it to true`);
        }
    }),
};

export const immutableTags: ResourceValidationPolicy = {
    name: "ecr-immutable-tags",
    description: describe(
        "ECR repositories make image tags immutable, so a tag always names the same image",
        "Security Hub ECR.2",
    ),
    enforcementLevel: MANDATORY,
    validateResource: forTypes([T.repository], (props, args, report) => {
        const mutability = props.imageTagMutability;
        if (typeof mutability !== "string" || !mutability.startsWith("IMMUTABLE")) {
            const value = mutability === undefined ? `unset (AWS default "MUTABLE")` : show(mutability);
            report(`imageTagMutability is ${value}; set it to "IMMUTABLE" and push every build under a new tag`);
        }
    }),
};

export const lifecyclePolicy: StackValidationPolicy = {
    name: "ecr-lifecycle-policy",
    description: describe(
        "Every ECR repository has an aws:ecr/lifecyclePolicy:LifecyclePolicy (matched by repository name or dependency)",
        "Security Hub ECR.3",
    ),
    enforcementLevel: MANDATORY,
    validateStack: forStack((args, report) => {
        const policies = ofType(args.resources, T.lifecyclePolicy);
        for (const repo of ofType(args.resources, T.repository)) {
            const name = displayName(repo);
            const covered = policies.some(p => known(() => p.props.repository) === name || dependsOn(p, repo, "repository"));
            if (!covered) {
                report(
                    `repository "${name}" has no lifecycle policy; add an aws:ecr/lifecyclePolicy:LifecyclePolicy ` +
                        `with repository "${name}" (for example: expire untagged images after 14 days)`,
                    repo.urn,
                );
            }
        }
    }),
};

interface KmsConfig {
    requireCustomerManagedKey: boolean;
}

const KMS_TYPES = ["KMS", "KMS_DSSE"];

const kmsSchema = schema({
    requireCustomerManagedKey: { type: "boolean", default: false },
});

export const kmsEncryption: ResourceValidationPolicy = {
    name: "ecr-kms-encryption",
    description: describe(
        "ECR repositories encrypt images with KMS (with a customer managed key when requireCustomerManagedKey is set)",
        "Security Hub ECR.5",
    ),
    enforcementLevel: MANDATORY,
    configSchema: kmsSchema,
    validateResource: forTypes([T.repository], (props, args, report) => {
        const config = settings<KmsConfig>(args, kmsSchema);
        const encryption = asArray<Props>(props.encryptionConfigurations)[0];
        const type = encryption?.encryptionType;
        if (!KMS_TYPES.includes(type)) {
            report(
                `encryptionConfigurations[0].encryptionType is ${show(type)}` +
                    `${type === undefined ? " (AWS default AES256)" : ""}; set encryptionType "KMS"`,
            );
            return;
        }
        if (config.requireCustomerManagedKey && !has(encryption, "kmsKey")) {
            report(
                `encryptionType is "${type}" without kmsKey, so the AWS managed key aws/ecr is used; ` +
                    `set kmsKey to a customer managed key`,
            );
        }
    }),
};

export const registryPolicies = [scanOnPush, immutableTags, lifecyclePolicy, kmsEncryption];
